package dev.xiqauth.server.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Swaps Grizzly's HTTP codec for {@link XiqErrorHttpServerFilter}, same settings, so that the
 * errors the codec answers itself carry an {@code XiqError} too. It owns the timer that closes idle
 * keep-alive connections, as the codec it replaces did; {@link #close()} stops it.
 */
public final class XiqErrorAddOn implements AddOn, AutoCloseable {
    private final ExecutorService timerThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "keep-alive-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final DelayedExecutor keepAliveTimer = new DelayedExecutor(timerThreads);

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("Grizzly's filter chain has no HTTP codec to replace");
        }
        keepAliveTimer.start();
        // As Grizzly's HttpServer does: -1 means the codec's default.
        int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1
                ? HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE : listener.getMaxHttpHeaderSize();
        builder.set(codec, new XiqErrorHttpServerFilter(listener.isChunkingEnabled(), maxHeaderSize,
                listener.getKeepAlive(), keepAliveTimer, listener.getMaxRequestHeaders(),
                listener.getMaxResponseHeaders()));
    }

    @Override
    public void close() {
        keepAliveTimer.destroy();
        timerThreads.shutdownNow();
    }
}
