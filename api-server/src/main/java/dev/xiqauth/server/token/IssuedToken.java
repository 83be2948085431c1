package dev.xiqauth.server.token;

import java.time.Instant;

/**
 * A token just issued.
 *
 * @param accessToken the serialized JWT
 * @param jti its id
 * @param expiresInSeconds its lifetime, for {@code expires_in}
 * @param expiresAt when it expires
 */
public record IssuedToken(String accessToken, String jti, int expiresInSeconds, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
    }
}
