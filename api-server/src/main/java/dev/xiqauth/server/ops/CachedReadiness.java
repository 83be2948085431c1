package dev.xiqauth.server.ops;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Asks the store at most once per period, however often {@code /health/ready} is called: probes
 * must not take the connections that logins and logouts need. While one probe runs, other callers
 * get the last answer instead of waiting or probing too.
 */
public final class CachedReadiness implements ReadinessCheck {
    private final BooleanSupplier probe;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean lastAnswer;
    private volatile long answeredAt;
    private volatile boolean answered;

    /**
     * @param probe asks the store
     * @param periodNanos how long an answer is reused
     * @param nanoTime the monotonic clock
     */
    public CachedReadiness(BooleanSupplier probe, long periodNanos, LongSupplier nanoTime) {
        this.probe = probe;
        this.periodNanos = periodNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean ready() {
        boolean fresh = answered && nanoTime.getAsLong() - answeredAt < periodNanos;
        if (fresh || !probing.compareAndSet(false, true)) {
            // Before any answer, a caller arriving during the first probe waits for none: not ready yet.
            return answered && lastAnswer;
        }
        try {
            lastAnswer = probe.getAsBoolean();
            answeredAt = nanoTime.getAsLong();
            answered = true;
            return lastAnswer;
        } finally {
            probing.set(false);
        }
    }
}
