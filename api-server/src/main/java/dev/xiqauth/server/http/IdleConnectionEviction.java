package dev.xiqauth.server.http;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the open connections of a listener: a connection accepted beyond the limit makes room by closing
 * the oldest idle one (no request in progress), or is closed itself when none is idle. The process never
 * holds many more descriptors than the limit, and a newcomer (a health probe, a login) is served at once
 * while idle connections, held by a flood or by clients that forgot them, make way.
 *
 * <p>Jetty's {@code NetworkConnectionLimit} stops accepting at the limit instead: newcomers then wait in the
 * kernel's queue behind the flood, a probe among them. Idle means what Jetty's parser says, through the
 * internal {@code HttpConnection}: waiting for the start of a request.
 */
public final class IdleConnectionEviction implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionEviction.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int maxConnections;
    private final Runnable onEvicted;
    /** Oldest first; guarded by itself. */
    private final LinkedHashSet<HttpConnection> open = new LinkedHashSet<>();
    private final AtomicLong evictedSinceLog = new AtomicLong();
    private volatile long lastLog = System.nanoTime() - LOG_EVERY_NANOS;

    /**
     * @param maxConnections the open connections the listener may hold
     * @param onEvicted called for each connection closed to make room, for the metrics
     */
    public IdleConnectionEviction(int maxConnections, Runnable onEvicted) {
        this.maxConnections = maxConnections;
        this.onEvicted = onEvicted;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof HttpConnection http)) {
            return;
        }
        HttpConnection evicted = null;
        synchronized (open) {
            open.add(http);
            if (open.size() > maxConnections) {
                evicted = http; // if every other one is busy, the newcomer goes
                for (Iterator<HttpConnection> oldest = open.iterator(); oldest.hasNext();) {
                    HttpConnection candidate = oldest.next();
                    if (candidate != http && candidate.getParser().isStart()) {
                        evicted = candidate;
                        break;
                    }
                }
                open.remove(evicted);
            }
        }
        if (evicted != null) {
            evicted.getEndPoint().close();
            onEvicted.run();
            report();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            synchronized (open) {
                open.remove(http);
            }
        }
    }

    private void report() {
        long evicted = evictedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog;
        if (now - last >= LOG_EVERY_NANOS && evictedSinceLog.compareAndSet(evicted, 0)) {
            lastLog = now;
            LOG.warn("the API listener is at its limit of {} connections (--max-connections): closed {} idle "
                    + "connections to make room since the last report", maxConnections, evicted);
        }
    }
}
