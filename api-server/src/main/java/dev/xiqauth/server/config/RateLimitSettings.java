package dev.xiqauth.server.config;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.Objects;

/**
 * The quotas of tokens.
 *
 * @param defaultQuota the quota of tokens whose login asks for none
 * @param maxQuota the most quota a login may ask for; more is capped
 */
public record RateLimitSettings(RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota) {

    public RateLimitSettings {
        Objects.requireNonNull(defaultQuota, "defaultQuota");
        Objects.requireNonNull(maxQuota, "maxQuota");
    }

    /** @return XIQ's 7,500 requests an hour, both as the default and as the most a login may ask for */
    public static RateLimitSettings defaults() {
        return new RateLimitSettings(RateLimitPolicy.XIQ_DEFAULT, RateLimitPolicy.XIQ_DEFAULT);
    }
}
