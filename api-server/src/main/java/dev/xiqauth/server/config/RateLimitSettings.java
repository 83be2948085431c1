package dev.xiqauth.server.config;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The quotas of tokens, and the limit of token validations per client.
 *
 * @param defaultQuota the quota of tokens whose login (or generation) asks for none
 * @param maxQuota the most quota a login or an API token may ask for; more is capped
 * @param validationsPerClient how many {@code validateApiToken} requests each client address may make;
 *     empty for no limit (the default: a service behind this server may check every request it serves)
 */
public record RateLimitSettings(RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota,
        Optional<RateLimitPolicy> validationsPerClient) {

    public RateLimitSettings {
        Objects.requireNonNull(defaultQuota, "defaultQuota");
        Objects.requireNonNull(maxQuota, "maxQuota");
        Objects.requireNonNull(validationsPerClient, "validationsPerClient");
    }

    /** @return XIQ's 7,500 requests an hour, both as the default and as the most a login may ask for */
    public static RateLimitSettings defaults() {
        return new RateLimitSettings(RateLimitPolicy.XIQ_DEFAULT, RateLimitPolicy.XIQ_DEFAULT, Optional.empty());
    }

    /**
     * @param perSecond validations each client address may make per second ({@code --validate-rate-limit});
     *     0 for no limit
     * @return these settings with that limit
     */
    public RateLimitSettings withValidationsPerSecond(long perSecond) {
        Validation.require(perSecond >= 0, "--validate-rate-limit must be 0 (no limit) or more, not " + perSecond);
        Optional<RateLimitPolicy> limit = perSecond == 0 ? Optional.empty()
                : Optional.of(new RateLimitPolicy(Math.multiplyExact(perSecond, 3600), OptionalLong.of(perSecond)));
        return new RateLimitSettings(defaultQuota, maxQuota, limit);
    }
}
