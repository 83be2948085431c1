package dev.xiqauth.server.config;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The quotas of tokens, and the limit of token validations per client.
 *
 * @param defaultQuota the quota of tokens whose login (or generation) asks for none
 * @param maxQuota the most quota a login or an API token may ask for; more is capped
 * @param validationsPerSecond how many {@code validateApiToken} requests each client address may make per
 *     second; empty for no limit (the default: a service behind this server may check every request it serves)
 * @param maxApiTokensPerUser the most API tokens, not expired, that one user may hold
 * @param apiTokensPerSecond how many API tokens each user may generate per second, on each instance
 */
public record RateLimitSettings(RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota,
        OptionalLong validationsPerSecond, int maxApiTokensPerUser, int apiTokensPerSecond) {
    /** The most validations per second a client may be allowed: more is no limit, and is written 0. */
    public static final long MAX_VALIDATIONS_PER_SECOND = 1_000_000;
    /**
     * The default of {@code --max-api-tokens-per-user}: far more than one user's automations need, few enough that
     * one user cannot fill a disk (each record takes a few hundred bytes).
     */
    public static final int DEFAULT_MAX_API_TOKENS_PER_USER = 1_000;
    /** The highest {@code --max-api-tokens-per-user} accepted. */
    public static final int MOST_API_TOKENS_PER_USER = 1_000_000;
    /**
     * The default of {@code --api-tokens-per-second}: an automation that provisions tokens is not slowed, while
     * one user minting and revoking as fast as the server answers (230 a second, measured) writes a fiftieth of
     * what it could, each commit of H2's embedded file costing tens of kilobytes until its retention passes.
     */
    public static final int DEFAULT_API_TOKENS_PER_SECOND = 5;
    /** The highest {@code --api-tokens-per-second} accepted. */
    public static final int MOST_API_TOKENS_PER_SECOND = 1_000_000;


    public RateLimitSettings {
        Objects.requireNonNull(defaultQuota, "defaultQuota");
        Objects.requireNonNull(maxQuota, "maxQuota");
        Objects.requireNonNull(validationsPerSecond, "validationsPerSecond");
        Validation.require(maxApiTokensPerUser >= 1 && maxApiTokensPerUser <= MOST_API_TOKENS_PER_USER,
                "--max-api-tokens-per-user must be 1 to " + MOST_API_TOKENS_PER_USER + ", not " + maxApiTokensPerUser);
        Validation.require(apiTokensPerSecond >= 1 && apiTokensPerSecond <= MOST_API_TOKENS_PER_SECOND,
                "--api-tokens-per-second must be 1 to " + MOST_API_TOKENS_PER_SECOND + ", not " + apiTokensPerSecond);
    }

    /** The limits of the quotas and of validations as given, and the default limits of API tokens per user. */
    public RateLimitSettings(RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota, OptionalLong validationsPerSecond) {
        this(defaultQuota, maxQuota, validationsPerSecond, DEFAULT_MAX_API_TOKENS_PER_USER,
                DEFAULT_API_TOKENS_PER_SECOND);
    }

    /** @return XIQ's 7,500 requests an hour, both as the default and as the most a login may ask for */
    public static RateLimitSettings defaults() {
        return new RateLimitSettings(RateLimitPolicy.XIQ_DEFAULT, RateLimitPolicy.XIQ_DEFAULT, OptionalLong.empty());
    }

    /**
     * @param perSecond validations each client address may make per second ({@code --validate-rate-limit});
     *     0 for no limit
     * @return these settings with that limit
     */
    public RateLimitSettings withValidationsPerSecond(long perSecond) {
        Validation.require(perSecond >= 0 && perSecond <= MAX_VALIDATIONS_PER_SECOND,
                "--validate-rate-limit must be 0 (no limit) to " + MAX_VALIDATIONS_PER_SECOND + ", not " + perSecond);
        return new RateLimitSettings(defaultQuota, maxQuota,
                perSecond == 0 ? OptionalLong.empty() : OptionalLong.of(perSecond), maxApiTokensPerUser,
                apiTokensPerSecond);
    }

    /**
     * @param perUser the most API tokens, not expired, that one user may hold ({@code --max-api-tokens-per-user})
     * @return these settings with that limit
     */
    public RateLimitSettings withMaxApiTokensPerUser(int perUser) {
        return new RateLimitSettings(defaultQuota, maxQuota, validationsPerSecond, perUser, apiTokensPerSecond);
    }

    /**
     * @param perSecond how many API tokens each user may generate per second, on each instance
     *     ({@code --api-tokens-per-second})
     * @return these settings with that limit
     */
    public RateLimitSettings withApiTokensPerSecond(int perSecond) {
        return new RateLimitSettings(defaultQuota, maxQuota, validationsPerSecond, maxApiTokensPerUser, perSecond);
    }
}
