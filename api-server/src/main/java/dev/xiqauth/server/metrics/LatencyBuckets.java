package dev.xiqauth.server.metrics;

import java.time.Duration;

/**
 * The bucket boundaries of every latency histogram: from a millisecond (a revocation check) to ten
 * seconds (a login that waited for a hash), a dozen buckets, so that each series stays small.
 */
public final class LatencyBuckets {
    private static final Duration[] BOUNDARIES = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private LatencyBuckets() {
    }

    /** @return the boundaries, a fresh copy for each meter */
    public static Duration[] boundaries() {
        return BOUNDARIES.clone();
    }
}
