package dev.xiqauth.server.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests made with each token against its quota, in fixed windows of one hour and one
 * second (aligned to the clock), across every instance that shares the {@link QuotaLedger}.
 *
 * <p>Each instance takes its allowance from the ledger in leases of about a fiftieth of the window's
 * quota (a tenth of a per-second one), and counts requests out of its lease in memory: the ledger never
 * grants more than the quota in all, so the instances together never accept more, and the store sees one
 * claim for each lease rather than a write for each request. The price is that a lease one instance has
 * not used up is not available to another: with N instances, a client may be refused up to N - 1 leases
 * before the quota is spent, never after. Leases are per token and per window, and dropped with their
 * window, so memory stays the size of the tokens used in the current hour.
 */
public final class TokenRateLimiter {
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long SECOND_MILLIS = 1_000L;
    private static final long HOURLY_LEASES = 50;
    private static final long PER_SECOND_LEASES = 10;

    private final Clock clock;
    private final QuotaLedger ledger;
    private final Map<String, Lease> hourly = new ConcurrentHashMap<>();
    private final Map<String, Lease> perSecond = new ConcurrentHashMap<>();

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

    /**
     * @param clock the time that places a request in its windows
     * @param ledger where every instance takes its leases
     */
    public TokenRateLimiter(Clock clock, QuotaLedger ledger) {
        this.clock = clock;
        this.ledger = ledger;
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
        long hourStart = nowMillis - Math.floorMod(nowMillis, HOUR_MILLIS);
        long hourReset = Math.max(1, (hourStart + HOUR_MILLIS - nowMillis + 999) / 1000);
        if (policy.perSecond().isPresent()) {
            long secondStart = nowMillis - Math.floorMod(nowMillis, SECOND_MILLIS);
            long limit = policy.perSecond().getAsLong();
            Lease second = perSecond.compute(jti, (key, old) -> old != null && old.windowStart == secondStart
                    ? old : new Lease(secondStart));
            if (!second.take(ledger, jti, SECOND_MILLIS, limit, PER_SECOND_LEASES)) {
                Lease hour = hourly.get(jti);
                long remaining = hour != null && hour.windowStart == hourStart ? hour.remaining(policy.perHour())
                        : policy.perHour();
                return new Decision(false, remaining, 1, policy);
            }
        }
        Lease hour = hourly.compute(jti, (key, old) -> old != null && old.windowStart == hourStart
                ? old : new Lease(hourStart));
        boolean allowed = hour.take(ledger, jti, HOUR_MILLIS, policy.perHour(), HOURLY_LEASES);
        return new Decision(allowed, hour.remaining(policy.perHour()), hourReset, policy);
    }

    /** Drops the leases of past windows (the ledger forgets its own, see {@link QuotaLedger#purgeEnded}). */
    public void purge() {
        long nowMillis = clock.millis();
        long hourStart = nowMillis - Math.floorMod(nowMillis, HOUR_MILLIS);
        long secondStart = nowMillis - Math.floorMod(nowMillis, SECOND_MILLIS);
        hourly.values().removeIf(lease -> lease.windowStart < hourStart);
        perSecond.values().removeIf(lease -> lease.windowStart < secondStart);
    }

    /**
     * This instance's share of one token's window: what it was granted and has used. Its requests take
     * turns on it, so that only one of them claims a new lease, and other tokens never wait for it.
     */
    private static final class Lease {
        private final long windowStart;
        private long granted;
        private long used;
        private long claimedByAll;
        private boolean exhausted;

        Lease(long windowStart) {
            this.windowStart = windowStart;
        }

        synchronized boolean take(QuotaLedger ledger, String jti, long windowMillis, long limit, long leases) {
            if (used == granted && !exhausted) {
                long size = Math.max(1, limit / leases);
                QuotaLedger.Claim claim = ledger.claim(jti, windowStart, windowMillis, size, limit);
                granted += claim.granted();
                claimedByAll = claim.claimed();
                exhausted = claim.granted() == 0;
            }
            if (used < granted) {
                used++;
                return true;
            }
            return false;
        }

        /** Requests left in the window for every instance: the limit, less what all claimed, plus this one's unused. */
        synchronized long remaining(long limit) {
            return Math.max(0, limit - claimedByAll + granted - used);
        }
    }
}
