package dev.xiqauth.server.token;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * The revoked tokens, keyed by {@code jti} and kept until the token would have expired anyway
 * (RFC 7009 semantics; never the raw token), and the tokens of retired signing keys. Implementations
 * are thread-safe.
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

    /**
     * Makes durable a revocation its caller knows to be the first of that token: a view that holds every
     * revocation of the store tells that from memory, and needs the store only to keep it. A store that can keep
     * one more cheaply than it can tell whether it is the first does so here; the others revoke.
     *
     * @param jti the token's id
     * @param expiresAt as for {@link #revoke}
     */
    default void record(String jti, Instant expiresAt) {
        revoke(jti, expiresAt);
    }

    /**
     * Whether a token has been revoked: by itself (a logout), or with every token of its signing key
     * (the key was retired). A database answers both in one round trip, on every request, so that a
     * logout or a retirement done through any instance or an admin command is honoured by every
     * instance at once.
     *
     * @param jti the token's id
     * @param keyId the {@code kid} of the key that signed it
     * @return whether it is revoked
     */
    boolean isRevoked(String jti, String keyId);

    /**
     * Hands every revocation that is still kept, with the instant it may be forgotten after, to the consumer:
     * what a view of the revocations is loaded from. Revocations made while it runs may or may not be handed.
     *
     * @param revocation takes each token's {@code jti} and the {@code expiresAt} it was revoked with
     */
    void forEachKept(BiConsumer<String, Instant> revocation);

    /**
     * Forgets the revocations of tokens that expired more than {@link #PURGE_MARGIN} ago: they are
     * refused as expired anyway, and the store stays the size of the live revoked tokens, not of
     * history.
     *
     * @return how many were forgotten
     */
    int purgeExpired();
}
