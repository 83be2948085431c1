package dev.xiqauth.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what open connections hold on one listener, where Jetty's own limits do not reach:
 * <ul>
 * <li>in total: a connection accepted beyond the limit makes room by closing the oldest idle one (no request
 * in progress), or is closed itself when none is idle. Jetty's {@code NetworkConnectionLimit} stops accepting
 * instead, and newcomers (a health probe, a login) wait in the kernel's queue behind the flood;
 * <li>per client (an IPv4 address, an IPv6 network; trusted proxies carry many clients and are not limited):
 * one beyond is closed at once. Jetty bounds all clients together only;
 * <li>in time: a request head must be complete within the head timeout, from the accept or from its first
 * byte after an idle wait. Jetty's idle timeout starts again with every byte, so one byte a second would hold
 * a connection for ever. A connection between requests is left to that idle timeout.
 * </ul>
 * Idle and in-head are what Jetty's {@link HttpParser} says, through the internal {@link HttpConnection}; its
 * state is volatile, so the sweeps on Jetty's scheduler, a few times a second, see it.
 */
public final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SWEEP_MILLIS = 250;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HttpLimits limits;
    private final Function<ConnectionMetaData, Optional<String>> clientKey;
    private final Scheduler scheduler;
    private final Runnable onEvicted;
    /** Oldest first. Guarded by itself, as is {@link #perClient}. */
    private final LinkedHashMap<HttpConnection, Tracked> open = new LinkedHashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    private final AtomicLong evictedSinceLog = new AtomicLong();
    private volatile long lastLog = System.nanoTime() - LOG_EVERY_NANOS;
    private volatile Scheduler.Task nextSweep;

    /** A connection's client, and when its current head began as far as the sweeps saw (theirs only). */
    private static final class Tracked {
        private final String client;
        private long headSince;
        private boolean inHead;

        Tracked(String client) {
            this.client = client;
        }
    }

    /**
     * @param limits the total, per client ({@code 0}: none) and head-time limits
     * @param clientKey the key a connection's client is counted under, or empty for a trusted proxy
     * @param scheduler the server's scheduler, for the sweeps
     * @param onEvicted called for each idle connection closed to make room, for the metrics
     */
    public ConnectionGuard(HttpLimits limits, Function<ConnectionMetaData, Optional<String>> clientKey, Scheduler scheduler,
            Runnable onEvicted) {
        this.limits = limits;
        this.clientKey = clientKey;
        this.scheduler = scheduler;
        this.onEvicted = onEvicted;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof HttpConnection http)) {
            return; // over TLS, the HTTP connection above the TLS one is opened too, and counted
        }
        String client = limits.maxConnectionsPerClient() > 0 ? clientKey.apply(http).orElse(null) : null;
        HttpConnection closed = null;
        boolean evicted = false;
        synchronized (open) {
            open.put(http, new Tracked(client));
            if (client != null && perClient.merge(client, 1, Integer::sum) > limits.maxConnectionsPerClient()) {
                closed = http;
            } else if (open.size() > limits.maxConnections()) {
                closed = open.keySet().stream().filter(c -> c != http && c.getParser().isStart()).findFirst()
                        .orElse(http); // if every other one is busy, the newcomer goes
                evicted = true;
            }
            if (closed != null) {
                forget(closed);
            }
        }
        if (closed != null) {
            closed.getEndPoint().close();
            if (evicted) {
                onEvicted.run();
                report();
            }
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            synchronized (open) {
                forget(http);
            }
        }
    }

    /** Guarded by {@link #open}; once per connection, whether it was closed here or by its client. */
    private void forget(HttpConnection connection) {
        Tracked tracked = open.remove(connection);
        if (tracked != null && tracked.client != null) {
            perClient.computeIfPresent(tracked.client, (ignored, n) -> n <= 1 ? null : n - 1);
        }
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = nextSweep;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            nextSweep = scheduler.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            List<Map.Entry<HttpConnection, Tracked>> tracked;
            synchronized (open) {
                tracked = new ArrayList<>(open.entrySet());
            }
            for (Map.Entry<HttpConnection, Tracked> entry : tracked) {
                Tracked watch = entry.getValue();
                if (!waitingForHead(entry.getKey())) {
                    watch.inHead = false;
                } else if (!watch.inHead) {
                    watch.inHead = true;
                    watch.headSince = now;
                } else if (now - watch.headSince > limits.headTimeout().toNanos()) {
                    entry.getKey().getEndPoint().close();
                }
            }
        } finally {
            schedule();
        }
    }

    /** A head has begun and is not complete, or a new connection has sent no request yet. */
    private static boolean waitingForHead(HttpConnection connection) {
        HttpParser parser = connection.getParser();
        return parser.isStart() ? connection.getMessagesIn() == 0 : parser.inHeaderState();
    }

    private void report() {
        long evicted = evictedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastLog >= LOG_EVERY_NANOS && evictedSinceLog.compareAndSet(evicted, 0)) {
            lastLog = now;
            LOG.warn("the API listener is at its limit of {} connections (--max-connections): closed {} idle "
                    + "connections to make room since the last report", limits.maxConnections(), evicted);
        }
    }
}
