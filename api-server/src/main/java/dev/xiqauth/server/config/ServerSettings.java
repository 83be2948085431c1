package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import dev.xiqauth.server.permission.PermissionCatalogue;
import java.util.Objects;

/**
 * The settings of a running server, validated when built: a server never starts on a setting it
 * cannot honour. Each group validates its own values; this record adds the rules that span groups.
 *
 * @param http where and how the server listens
 * @param store the database of users, revocations and signing keys
 * @param tokens how tokens are issued and challenged
 * @param hashing the cost and bounds of password hashing
 * @param throttling how failed logins are throttled
 * @param rateLimits the quotas of tokens
 * @param permissions the permissions, roles and other services' operations
 */
public record ServerSettings(HttpSettings http, StoreSettings store, TokenIssuingSettings tokens,
        HashingSettings hashing, ThrottleSettings throttling, RateLimitSettings rateLimits,
        PermissionCatalogue permissions) {

    public ServerSettings {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(hashing, "hashing");
        Objects.requireNonNull(throttling, "throttling");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(permissions, "permissions");
        require(http.workerThreads() >= hashing.concurrency() + hashing.queue() + 2,
                "--worker-threads must exceed --hash-concurrency plus --hash-queue by at least 2, so that waiting "
                        + "logins never take every request thread; got " + http.workerThreads());
    }

    /**
     * @param store the store
     * @return the defaults of every other group over that store
     */
    public static ServerSettings defaults(StoreSettings store) {
        return new ServerSettings(HttpSettings.defaults(), store, TokenIssuingSettings.defaults(),
                HashingSettings.defaults(), ThrottleSettings.defaults(), RateLimitSettings.defaults(),
                PermissionCatalogue.defaults());
    }

    /** @return these settings with the given HTTP settings */
    public ServerSettings withHttp(HttpSettings newHttp) {
        return new ServerSettings(newHttp, store, tokens, hashing, throttling, rateLimits, permissions);
    }

    /** @return these settings with the given token settings */
    public ServerSettings withTokens(TokenIssuingSettings newTokens) {
        return new ServerSettings(http, store, newTokens, hashing, throttling, rateLimits, permissions);
    }

    /** @return these settings with the given hashing settings */
    public ServerSettings withHashing(HashingSettings newHashing) {
        return new ServerSettings(http, store, tokens, newHashing, throttling, rateLimits, permissions);
    }

    /** @return these settings with the given quotas */
    public ServerSettings withRateLimits(RateLimitSettings newRateLimits) {
        return new ServerSettings(http, store, tokens, hashing, throttling, newRateLimits, permissions);
    }

    /** @return these settings with the given permission catalogue */
    public ServerSettings withPermissions(PermissionCatalogue newPermissions) {
        return new ServerSettings(http, store, tokens, hashing, throttling, rateLimits, newPermissions);
    }

    /** @return these settings with the given throttling */
    public ServerSettings withThrottling(ThrottleSettings newThrottling) {
        return new ServerSettings(http, store, tokens, hashing, newThrottling, rateLimits, permissions);
    }
}
