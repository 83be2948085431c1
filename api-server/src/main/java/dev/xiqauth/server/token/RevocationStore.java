package dev.xiqauth.server.token;

import java.time.Duration;
import java.time.Instant;

/**
 * The revoked tokens, keyed by {@code jti} and kept until the token would have expired anyway
 * (RFC 7009 semantics; never the raw token). Implementations are thread-safe.
 */
public interface RevocationStore {
    /**
     * How long past a token's expiry its revocation is kept: instances whose clocks lag this one's
     * must not accept a token whose revocation was already forgotten here.
     */
    Duration PURGE_MARGIN = Duration.ofMinutes(5);

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
     * Forgets the revocations of tokens that expired more than {@link #PURGE_MARGIN} ago: they are
     * refused as expired anyway, and the store stays the size of the live revoked tokens, not of
     * history.
     *
     * @return how many were forgotten
     */
    int purgeExpired();
}
