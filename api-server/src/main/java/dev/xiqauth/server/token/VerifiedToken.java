package dev.xiqauth.server.token;

import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.time.Instant;

/**
 * The facts of a token whose signature, issuer and lifetime have been checked. It holds no copy of
 * the token itself, so it cannot leak one into a log.
 *
 * @param jti the token's id, the key of its revocation: 32 hex digits
 * @param keyId the {@code kid} of the key it was signed with, whose retirement revokes it too
 * @param subject the username it was issued to
 * @param userId the id of that user
 * @param issuedAt when it was issued
 * @param expiresAt when it expires
 * @param acceptedUntil when it stops being accepted: its expiry plus the clock skew allowed; a
 *     revocation must be kept until then, and need not be kept longer
 * @param quota the request quota it carries
 */
public record VerifiedToken(String jti, String keyId, String subject, long userId, Instant issuedAt, Instant expiresAt,
        Instant acceptedUntil, RateLimitPolicy quota) {
}
