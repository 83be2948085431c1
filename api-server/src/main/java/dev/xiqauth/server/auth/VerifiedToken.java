package dev.xiqauth.server.auth;

import java.time.Instant;

/**
 * The facts of a token whose signature, issuer and lifetime have been checked. It holds no copy of
 * the token itself, so it cannot leak one into a log.
 *
 * @param jti the token's id, the key of its revocation
 * @param subject the username it was issued to
 * @param expiresAt when it expires; a revocation need not be kept longer
 */
public record VerifiedToken(String jti, String subject, Instant expiresAt) {
}
