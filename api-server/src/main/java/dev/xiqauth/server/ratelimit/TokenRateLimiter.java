package dev.xiqauth.server.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests made with each token against its quota, in fixed windows of one hour and one
 * second (aligned to the clock). Counts live in this instance's memory and are dropped with their
 * window, so memory stays the size of the tokens used in the current hour.
 */
public final class TokenRateLimiter {
    private final Clock clock;
    private final Map<String, Window> hourly = new ConcurrentHashMap<>();
    private final Map<String, Window> perSecond = new ConcurrentHashMap<>();

    /** A fixed window's count. */
    private record Window(long start, long count) {
    }

    /**
     * The outcome of counting one request.
     *
     * @param allowed whether it is within the quota
     * @param remaining requests left in the hour, for {@code RateLimit-Remaining}
     * @param resetSeconds seconds until the window that refused (or the hour) ends
     * @param policy the quota counted against
     */
    public record Decision(boolean allowed, long remaining, long resetSeconds, RateLimitPolicy policy) {
    }

    public TokenRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one request of a token.
     *
     * @param jti the token
     * @param policy its quota
     * @return whether it may proceed, and the figures for the response headers
     */
    public Decision consume(String jti, RateLimitPolicy policy) {
        long nowMillis = clock.millis();
        long hourStart = nowMillis - Math.floorMod(nowMillis, 3_600_000L);
        long hourReset = Math.max(1, (hourStart + 3_600_000L - nowMillis + 999) / 1000);
        if (policy.perSecond().isPresent()) {
            long secondStart = nowMillis - Math.floorMod(nowMillis, 1_000L);
            Window second = perSecond.merge(jti, new Window(secondStart, 1), (old, one) ->
                    old.start() == secondStart ? new Window(secondStart, old.count() + 1) : one);
            if (second.count() > policy.perSecond().getAsLong()) {
                Window hour = hourly.getOrDefault(jti, new Window(hourStart, 0));
                long used = hour.start() == hourStart ? hour.count() : 0;
                return new Decision(false, Math.max(0, policy.perHour() - used), 1, policy);
            }
        }
        Window hour = hourly.merge(jti, new Window(hourStart, 1), (old, one) ->
                old.start() == hourStart ? new Window(hourStart, old.count() + 1) : one);
        boolean allowed = hour.count() <= policy.perHour();
        return new Decision(allowed, Math.max(0, policy.perHour() - hour.count()), hourReset, policy);
    }

    /** Drops counts of past windows. */
    public void purge() {
        long nowMillis = clock.millis();
        long hourStart = nowMillis - Math.floorMod(nowMillis, 3_600_000L);
        long secondStart = nowMillis - Math.floorMod(nowMillis, 1_000L);
        hourly.values().removeIf(window -> window.start() < hourStart);
        perSecond.values().removeIf(window -> window.start() < secondStart);
    }
}
