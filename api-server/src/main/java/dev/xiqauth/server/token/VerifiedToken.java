package dev.xiqauth.server.token;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of a token whose signature, issuer and lifetime have been checked. It holds no copy of
 * the token itself, so it cannot leak one into a log.
 *
 * @param jti the token's id, the key of its revocation: 32 hex digits
 * @param keyId the {@code kid} of the key it was signed with, whose retirement revokes it too
 * @param subject the username it was issued to
 * @param userId the id of that user
 * @param issuedAt when it was issued
 * @param expiresAt when it expires; empty for an API token that never expires
 * @param acceptedUntil when it stops being accepted: its expiry plus the clock skew allowed; a
 *     revocation must be kept until then, and need not be kept longer
 * @param quota the request quota it carries
 * @param kind whether a login or {@code generateApiToken} issued it
 * @param tokenGeneration the generation of its user's credentials it was issued at (0 for tokens issued before
 *     generations were carried): it is refused once the user's moved on
 */
public record VerifiedToken(String jti, String keyId, String subject, long userId, Instant issuedAt,
        Optional<Instant> expiresAt, Optional<Instant> acceptedUntil, RateLimitPolicy quota, TokenKind kind,
        long tokenGeneration) {

    public VerifiedToken {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(acceptedUntil, "acceptedUntil");
        Objects.requireNonNull(kind, "kind");
        if (kind == TokenKind.LOGIN && expiresAt.isEmpty()) {
            throw new IllegalArgumentException("a login token always expires");
        }
    }
}
