package dev.xiqauth.client;

import dev.xiqauth.api.model.XiqGenerateApiTokenRequest;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a new API token may do, and for how long: the argument of {@link XiqSession#generateApiToken}.
 * Immutable: each method that adds to it returns a new request.
 *
 * <pre>{@code
 * XiqGenerateApiTokenResponse token = session.generateApiToken(XiqApiTokenRequest.granting("device:r")
 *         .expiringAt(Instant.now().plus(Duration.ofDays(90)))
 *         .describedAs("Inventory export job"));
 * }</pre>
 *
 * <p>Without {@link #expiringAt(Instant)} the token never expires (it stays revocable with
 * {@code POST /logout}); the server accepts an expiry from 300 s to ten years ahead, and only permissions
 * the session's token holds itself.
 */
public final class XiqApiTokenRequest {
    private final List<String> permissions;
    private final Instant expiresAt;
    private final String description;
    private final Long hourlyLimit;
    private final Long perSecondLimit;

    private XiqApiTokenRequest(List<String> permissions, Instant expiresAt, String description, Long hourlyLimit,
            Long perSecondLimit) {
        this.permissions = permissions;
        this.expiresAt = expiresAt;
        this.description = description;
        this.hourlyLimit = hourlyLimit;
        this.perSecondLimit = perSecondLimit;
    }

    /**
     * @param permissions the names of the permissions to grant, for example {@code device:r}; at least one
     * @return a request for a token with these permissions, never expiring, without description or rate limit
     */
    public static XiqApiTokenRequest granting(String... permissions) {
        return granting(Arrays.asList(permissions));
    }

    /**
     * @param permissions the names of the permissions to grant; at least one
     * @return a request for a token with these permissions, never expiring, without description or rate limit
     */
    public static XiqApiTokenRequest granting(Collection<String> permissions) {
        List<String> names = List.copyOf(permissions);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an API token needs at least one permission");
        }
        for (String name : names) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a permission name must not be blank");
            }
        }
        return new XiqApiTokenRequest(names, null, null, null, null);
    }

    /**
     * @param expiresAt when the token stops being accepted; sent in whole seconds, a fraction dropped, so that
     *     it never outlives the instant given
     * @return this request, with that expiry
     */
    public XiqApiTokenRequest expiringAt(Instant expiresAt) {
        return new XiqApiTokenRequest(permissions, Objects.requireNonNull(expiresAt, "expiresAt"), description,
                hourlyLimit, perSecondLimit);
    }

    /**
     * @param description what the token is for, shown when tokens are listed (at most 255 characters)
     * @return this request, with that description
     */
    public XiqApiTokenRequest describedAs(String description) {
        return new XiqApiTokenRequest(permissions, expiresAt, Objects.requireNonNull(description, "description"),
                hourlyLimit, perSecondLimit);
    }

    /**
     * @param rateLimit the requests per hour (and per second) the token may make; the server caps it as it
     *     caps a login's. Copied: changing it afterwards changes nothing here.
     * @return this request, with that rate limit
     */
    public XiqApiTokenRequest withRateLimit(XiqRateLimitPolicy rateLimit) {
        Objects.requireNonNull(rateLimit, "rateLimit");
        return new XiqApiTokenRequest(permissions, expiresAt, description,
                Objects.requireNonNull(rateLimit.getHour(), "rateLimit.hour"), rateLimit.getSecond());
    }

    /** @return the body of {@code POST /auth/apitoken}, a new object at each call */
    XiqGenerateApiTokenRequest toModel() {
        XiqGenerateApiTokenRequest model = new XiqGenerateApiTokenRequest(new ArrayList<>(permissions))
                .description(description);
        if (expiresAt != null) {
            model.expireTime(expiresAt.getEpochSecond());
        }
        if (hourlyLimit != null) {
            model.rateLimit(new XiqRateLimitPolicy(hourlyLimit).second(perSecondLimit));
        }
        return model;
    }

    @Override
    public String toString() {
        return "XiqApiTokenRequest[permissions=" + permissions + ", expiresAt=" + expiresAt + ", description="
                + description + ", hourlyLimit=" + hourlyLimit + ", perSecondLimit=" + perSecondLimit + "]";
    }
}
