package dev.xiqauth.server.ratelimit;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request quota of a token, as XIQ's {@code rate_limit} and {@code quota} express it: a number
 * of requests per hour, and optionally per second. Carried in the token's {@code quota} claim in
 * XIQ's syntax, for example {@code 7500;w=3600} or {@code 7500;w=3600, 10;w=1}.
 *
 * @param perHour requests allowed per hour
 * @param perSecond requests allowed per second, if limited
 */
public record RateLimitPolicy(long perHour, OptionalLong perSecond) {
    /** XIQ's default: 7500 requests per hour, no per-second limit. */
    public static final RateLimitPolicy XIQ_DEFAULT = new RateLimitPolicy(7500, OptionalLong.empty());

    private static final Pattern QUOTA = Pattern.compile("(\\d{1,18});w=3600(?:, (\\d{1,18});w=1)?");

    public RateLimitPolicy {
        if (perHour < 1 || perSecond.isPresent() && perSecond.getAsLong() < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }

    /**
     * Caps a requested policy at the server's maximum: a client may ask for less than the server
     * allows, never more. Capping rather than refusing keeps clients that always ask for XIQ's
     * figures working against a server configured lower.
     *
     * @param maximum the server's maximum
     * @return this policy, lowered where it exceeds the maximum
     */
    public RateLimitPolicy cappedAt(RateLimitPolicy maximum) {
        long hour = Math.min(perHour, maximum.perHour);
        OptionalLong second = perSecond;
        if (maximum.perSecond.isPresent()) {
            second = OptionalLong.of(Math.min(perSecond.orElse(Long.MAX_VALUE), maximum.perSecond.getAsLong()));
        }
        return new RateLimitPolicy(hour, second);
    }

    /** @return the {@code quota} claim */
    public String toQuota() {
        return perHour + ";w=3600" + (perSecond.isPresent() ? ", " + perSecond.getAsLong() + ";w=1" : "");
    }

    /** @return the policy a {@code quota} claim states, if it is one this server writes */
    public static Optional<RateLimitPolicy> fromQuota(String quota) {
        if (quota == null) {
            return Optional.empty();
        }
        Matcher matcher = QUOTA.matcher(quota);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RateLimitPolicy(Long.parseLong(matcher.group(1)), matcher.group(2) == null
                    ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(matcher.group(2)))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
