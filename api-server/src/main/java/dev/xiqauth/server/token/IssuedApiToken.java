package dev.xiqauth.server.token;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token just issued.
 *
 * @param accessToken the serialized JWT, shown to its creator once and never stored
 * @param jti its id, the key of its record
 * @param keyId the {@code kid} of the key that signed it
 * @param issuedAt when it was issued
 * @param expiresAt when it expires; empty if never
 */
public record IssuedApiToken(String accessToken, String jti, String keyId, Instant issuedAt,
        Optional<Instant> expiresAt) {

    @Override
    public String toString() {
        return "IssuedApiToken[jti=" + jti + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
