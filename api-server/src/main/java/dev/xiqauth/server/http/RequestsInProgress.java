package dev.xiqauth.server.http;

import java.time.Duration;

/**
 * The requests whose head has arrived and whose response is not complete. Grizzly only learns of a
 * request once its body is complete ({@link RequestBodyFilter}), so its graceful shutdown would refuse
 * one whose body is still arriving with 503, or close its connection; the server waits for these
 * before it starts one.
 */
final class RequestsInProgress {
    private final int max;
    private int count;
    private boolean draining;

    /** @param max the most requests held at once, each with up to the body limit buffered */
    RequestsInProgress(int max) {
        this.max = max;
    }

    /** @return whether one more request is admitted: not while draining, nor beyond the most */
    synchronized boolean tryEnter() {
        if (draining || count >= max) {
            return false;
        }
        count++;
        return true;
    }

    /** From now on no new request is admitted: the server is stopping. */
    synchronized void drain() {
        draining = true;
    }

    synchronized void leave() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /**
     * @param timeout the longest wait
     * @return whether every request was answered in time
     * @throws InterruptedException if the wait is interrupted
     */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
