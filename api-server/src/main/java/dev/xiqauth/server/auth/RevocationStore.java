package dev.xiqauth.server.auth;

import java.time.Instant;

/**
 * The revoked tokens, keyed by {@code jti} and kept until the token would have expired anyway
 * (RFC 7009 semantics; never the raw token). Implementations are thread-safe.
 */
public interface RevocationStore {

    /**
     * Revokes a token. Revoking one twice, or from many threads at once, is not an error.
     *
     * @param jti the token's id
     * @param expiresAt when the token stops being accepted (its expiry plus the clock skew allowed);
     *     the revocation may be forgotten after that, never before
     * @return {@code true} for the one call that revoked it, {@code false} if it was revoked already
     */
    boolean revoke(String jti, Instant expiresAt);

    /** @return whether the token with this id has been revoked */
    boolean isRevoked(String jti);

    /**
     * Forgets the revocations of tokens that have expired: they are refused as expired anyway, and
     * the store stays the size of the live revoked tokens, not of history.
     *
     * @return how many were forgotten
     */
    int purgeExpired();
}
