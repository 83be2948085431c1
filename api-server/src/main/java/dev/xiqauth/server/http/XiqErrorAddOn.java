package dev.xiqauth.server.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.DelayedExecutor;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Hardens Grizzly's filter chain. Before:
 * {@code Transport | HttpServerFilter(codec) | IdleTimeout | FileCache | HttpServerFilter(server)};
 * after: {@code Transport | ConnectionGuard | XiqErrorHttpServerFilter | IdleTimeout | RequestBody |
 * FileCache | HttpServerFilter(server)}. One instance may serve several listeners; {@link #close()}
 * stops its timer.
 */
public final class XiqErrorAddOn implements AddOn, AutoCloseable {
    private final ExecutorService timerThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Keep-alive idle and request deadlines; checked every 250 ms. */
    private final DelayedExecutor timer = new DelayedExecutor(timerThreads, 250, TimeUnit.MILLISECONDS);
    /** Long enough for a client on a slow link to send what it had in flight and read the refusal. */
    private final LingeringClose lingeringClose = new LingeringClose(Duration.ofSeconds(2));
    private final HttpLimits limits;
    private final Function<InetAddress, Optional<String>> clientKey;
    private final Runnable onClientAbort;
    private final RequestsInProgress requestsInProgress;

    /**
     * @param limits how long and how much a client may take, and its connections
     * @param clientKey the key a peer's connections are counted under, or empty for one that is not limited
     * @param onClientAbort called when a client hangs up before its request body is complete
     */
    public XiqErrorAddOn(HttpLimits limits, Function<InetAddress, Optional<String>> clientKey,
            Runnable onClientAbort) {
        this.limits = limits;
        this.requestsInProgress = new RequestsInProgress(limits.maxRequestsInProgress());
        this.clientKey = clientKey;
        this.onClientAbort = onClientAbort;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codecIndex = builder.indexOfType(HttpServerFilter.class);
        if (codecIndex < 0) {
            throw new IllegalStateException("Grizzly's filter chain has no HTTP codec to replace");
        }
        timer.start();
        HttpServerFilter original = (HttpServerFilter) builder.get(codecIndex);
        int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1
                ? HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE : listener.getMaxHttpHeaderSize();
        XiqErrorHttpServerFilter codec = new XiqErrorHttpServerFilter(listener.isChunkingEnabled(), maxHeaderSize,
                listener.getKeepAlive(), timer, listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders(),
                limits.maxBodyBytes(), lingeringClose);
        // What HttpServer.configureListener set on the codec it built: a fresh instance would lose it.
        for (ContentEncoding encoding : original.getContentEncodings()) {
            codec.addContentEncoding(encoding);
        }
        codec.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        builder.set(codecIndex, codec);
        RequestDeadlines deadlines = new RequestDeadlines(timer, limits, codec, requestsInProgress);
        // After the IdleTimeoutFilter, so that every body chunk counts as activity for it.
        builder.add(builder.indexOfType(IdleTimeoutFilter.class) + 1, new RequestBodyFilter(limits.maxBodyBytes(), codec));
        builder.add(builder.indexOfType(TransportFilter.class) + 1, new ConnectionGuardFilter(
                limits.maxConnectionsPerClient(), clientKey, deadlines, onClientAbort));
    }

    /**
     * Stops admitting requests (new ones, on connections already open, get 503 and are closed) and
     * waits for the requests in progress, those whose body is still arriving included, so that a
     * graceful shutdown, which refuses requests that reach the application after it began, lets them
     * finish. Call it once the listeners stopped accepting connections.
     *
     * @param timeout the longest wait
     * @return whether every request in progress was answered in time
     * @throws InterruptedException if the wait is interrupted
     */
    public boolean awaitRequestsInProgress(Duration timeout) throws InterruptedException {
        requestsInProgress.drain();
        return requestsInProgress.awaitNone(timeout);
    }

    @Override
    public void close() {
        lingeringClose.close();
        timer.destroy();
        timerThreads.shutdownNow();
    }
}
