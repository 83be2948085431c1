package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request head is not complete in time: from its accept, or from the first
 * byte after an idle wait between requests. Jetty has no such deadline: its idle timeout starts again
 * with every byte, so a client sending one byte a second would hold a connection and its input buffer
 * for ever. The connections are looked at a few times a second, on Jetty's scheduler; a connection
 * between requests is left to the keep-alive idle timeout, and one whose head is in to the body
 * deadline ({@link RequestBodyReader}).
 *
 * <p>Jetty keeps the state of a head's parsing in its {@code HttpParser}, reached through the internal
 * {@code HttpConnection}; the parser's state is volatile, so a look from the scheduler's thread sees it.
 */
public final class HeadDeadlines extends AbstractLifeCycle implements Connection.Listener {
    private static final long SWEEP_MILLIS = 250;

    private final long headTimeoutNanos;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<HttpConnection, Watch> watched = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    /** When the connection's current head began, as far as the sweeps saw. */
    private static final class Watch {
        private long headSince;
        private boolean inHead;
    }

    /**
     * @param headTimeout how long a head may take
     * @param scheduler the server's scheduler
     */
    public HeadDeadlines(Duration headTimeout, Scheduler scheduler) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.put(http, new Watch());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.remove(http);
        }
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        watched.clear();
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = scheduler.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            watched.forEach((connection, watch) -> {
                if (!waitingForHead(connection)) {
                    watch.inHead = false;
                } else if (!watch.inHead) {
                    watch.inHead = true;
                    watch.headSince = now;
                } else if (now - watch.headSince > headTimeoutNanos) {
                    connection.getEndPoint().close();
                }
            });
        } finally {
            schedule();
        }
    }

    /** A head has begun and is not complete, or a new connection has sent no request yet. */
    private static boolean waitingForHead(HttpConnection connection) {
        HttpParser parser = connection.getParser();
        return parser.isStart() ? connection.getMessagesIn() == 0 : parser.inHeaderState();
    }
}
