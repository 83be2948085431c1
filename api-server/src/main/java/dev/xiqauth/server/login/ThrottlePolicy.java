package dev.xiqauth.server.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How failed logins against one key (a username, a client key, or one known client's own) are
 * throttled, in the manner of Keycloak's brute-force detection: a budget of failures is free; past
 * it, each further failure doubles the wait before the next attempt, up to a maximum; and a count is
 * forgotten once no failure happened for the reset period. There is no permanent lockout: a wait
 * never exceeds the maximum.
 *
 * <p>The bound this puts on guessing: attempts made one at a time against a key get at most
 * {@code budget + d + ceil(T / maxWait)} failures counted in any span {@code T}, where {@code d} is
 * the number of doubled waits shorter than the maximum. A reset needs {@code resetAfter} without
 * failures, which costs more guesses than the fresh budget gives while {@code resetAfter} is at
 * least {@code (budget + d + 1) * maxWait}; so for the defaults (10, then 30 s doubling to 15 min,
 * 12 h) the bound holds for any span: 15 + 4 an hour, 111 a day.
 *
 * @param budget failures allowed before any wait
 * @param firstWait the wait after the first failure past the budget
 * @param maxWait the longest wait
 * @param resetAfter how long after its last failure a count is forgotten
 */
public record ThrottlePolicy(int budget, Duration firstWait, Duration maxWait, Duration resetAfter) {
    /**
     * Per username, shared by every client not known for it: 10 free failures, then 30 s, 1 min, 2 min... up
     * to 15 min; forgotten after 12 h.
     */
    public static final ThrottlePolicy PER_USERNAME = new ThrottlePolicy(10, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofHours(12));
    /** Per client address: 100 free failures (many users may share an address), then as per username. */
    public static final ThrottlePolicy PER_ADDRESS = new ThrottlePolicy(100, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofHours(12));
    /** A known client's own failures on one username: as per username, a budget of the client's own. */
    public static final ThrottlePolicy PER_KNOWN_CLIENT = PER_USERNAME;

    public ThrottlePolicy {
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (budget < 1 || firstWait.isNegative() || firstWait.isZero() || maxWait.compareTo(firstWait) < 0
                || resetAfter.compareTo(maxWait) < 0) {
            throw new IllegalArgumentException("invalid throttle policy " + budget + "/" + firstWait + "/" + maxWait
                    + "/" + resetAfter);
        }
    }

    /**
     * @param count the failures counted against a key
     * @param now the current time
     * @return how long the key must wait before its next attempt, if it must
     */
    public Optional<Duration> waitFor(FailureCount count, Instant now) {
        if (count.failures() < budget || count.lastFailure().plus(resetAfter).isBefore(now)) {
            return Optional.empty();
        }
        int doublings = Math.min(30, count.failures() - budget);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        Duration remaining = Duration.between(now, count.lastFailure().plus(wait));
        return remaining.isNegative() || remaining.isZero() ? Optional.empty() : Optional.of(remaining);
    }
}
