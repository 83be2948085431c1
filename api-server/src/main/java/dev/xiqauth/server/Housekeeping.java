package dev.xiqauth.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background work, on one daemon thread: purging expired state and reloading keys.
 * Closing it waits for a run in progress, since that run may be using the store about to close.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param period how often
     * @param task what, for the log
     * @param work the work; a failed run is logged and the schedule goes on
     */
    void every(Duration period, String task, Runnable work) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A failed run must not end the schedule: the store may be back for the next one.
                LOG.warn("{} failed: {}", task, e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("background work did not stop within {} s; closing the store anyway", STOP_WAIT_SECONDS);
        }
    }
}
