package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks {@code generateApiToken} for, as sent: {@link ApiTokenService} decides whether it may
 * have it.
 *
 * @param permissions the names of the permissions to grant
 * @param expireTime when it should expire, in seconds since the epoch; empty for never
 * @param description what it is for
 * @param quota the quota it asks for; empty for the default
 */
public record ApiTokenRequest(List<String> permissions, Optional<Long> expireTime, Optional<String> description,
        Optional<RateLimitPolicy> quota) {

    public ApiTokenRequest {
        // Not List.copyOf: a null element is the caller's mistake, which ApiTokenService answers with a 400.
        permissions = permissions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(permissions));
        Objects.requireNonNull(expireTime, "expireTime");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(quota, "quota");
    }
}
