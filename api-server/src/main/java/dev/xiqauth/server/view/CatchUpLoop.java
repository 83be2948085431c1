package dev.xiqauth.server.view;

import dev.xiqauth.server.user.BackgroundPriority;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link CheckView} catching up ({@link CheckView#catchUp}) on a thread of its own at the lowest
 * scheduling priority: its first run loads the view, which takes seconds for hundreds of thousands of revocations
 * and must not take them from the requests the server serves meanwhile (on one core, from the first logins'
 * hashing, which runs at that priority too); later runs return the view to memory after another process left the
 * store, or a reload failed.
 */
public final class CatchUpLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpLoop.class);

    private final Thread thread;

    private CatchUpLoop(Thread thread) {
        this.thread = thread;
    }

    /**
     * @param view the view
     * @param period how long it waits between runs
     * @return the running loop, to be closed before the store
     */
    public static CatchUpLoop start(CheckView view, Duration period) {
        Thread thread = new Thread(() -> {
            BackgroundPriority.applyToCallingThread();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    view.catchUp();
                } catch (RuntimeException e) {
                    LOG.warn("token checks ask the store until their view catches up: {}", e.getMessage());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "token-view");
        thread.setDaemon(true);
        thread.start();
        return new CatchUpLoop(thread);
    }

    /** Stops the loop, waiting for a run in progress: it may be using the store about to close. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
