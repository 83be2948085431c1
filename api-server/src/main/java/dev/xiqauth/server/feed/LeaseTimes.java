package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.Objects;

/**
 * How a view's lease is timed.
 *
 * @param length how long a lease lasts from the moment the store records it: the longest a writer waits for a view
 *     that is frozen, cut off or dead
 * @param renewEvery how often a view renews it (one write to the store each time)
 * @param margin how much earlier than the store a holder gives its lease up: what measuring the lease from the
 *     moment it asked for it (not the store's moment) leaves for clocks that run at different rates, and for a
 *     check already past its look at the lease
 * @param grace how long after a change is recorded a view may still renew without having applied it
 * @param poll how often a view reads the log when no notification says it grew
 */
public record LeaseTimes(Duration length, Duration renewEvery, Duration margin, Duration grace, Duration poll) {
    /** A logout waits at most four seconds for a view that cannot answer; a view renews eight times in that. */
    public static final LeaseTimes DEFAULT = new LeaseTimes(Duration.ofSeconds(4), Duration.ofMillis(500),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(100));

    public LeaseTimes {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(renewEvery, "renewEvery");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(poll, "poll");
        if (renewEvery.plus(margin).compareTo(length) >= 0) {
            throw new IllegalArgumentException("a lease must outlast a renewal interval and the margin");
        }
        if (poll.compareTo(grace) >= 0) {
            throw new IllegalArgumentException("a view must read the log more often than the grace lets it lag");
        }
    }

    /** @return how long a holder believes its lease, from the moment it asked */
    public Duration believed() {
        return length.minus(margin);
    }
}
