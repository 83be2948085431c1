package dev.xiqauth.server.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens that have been generated and not revoked, by {@code jti}: the authority on whether an
 * API token is still good. Revoking one deletes its record, so that a token that never expires is
 * revocable forever while the store holds only live tokens. Implementations are thread-safe; those
 * backed by a database throw {@link dev.xiqauth.server.error.StoreUnavailableException} while it cannot
 * be reached.
 */
public interface ApiTokenStore {
    /** How long past its expiry the record of an expired token is kept, as {@link RevocationStore#PURGE_MARGIN}. */
    Duration PURGE_MARGIN = RevocationStore.PURGE_MARGIN;

    /** What became of a new API token's record: only one that is {@link #ADDED} may be handed out. */
    enum Recording {
        /** Recorded: the token may be handed out. */
        ADDED,
        /**
         * Not recorded: its user is gone or disabled, or its credentials changed since the token that asks was
         * issued (another token generation).
         */
        USER_CHANGED,
        /** Not recorded: the API token that asks for it was revoked meanwhile. */
        PARENT_REVOKED,
        /** Not recorded: its user already holds as many live API tokens as allowed. */
        LIMIT_REACHED
    }

    /**
     * Records a new API token, before it is handed out, atomically with respect to every change that refuses its
     * user's tokens ({@link dev.xiqauth.server.user.UserDirectory#changePassword}, {@code setEnabled(false)},
     * {@code remove}) and to the revocation of its parent: a record added before such a change is deleted by it,
     * and none is added after it. It is the one place where a race with such a change is decided, so that a
     * token is never both issued and alive after the change, and no race ends in an error.
     *
     * @param record its record; its {@code jti} is new
     * @param tokenGeneration the generation of the user's credentials that the asking token carries
     * @param maxLivePerUser the most API tokens, not expired, that one user may hold
     * @return whether it was recorded, or why not
     */
    Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser);

    /** @return the record of a live API token; empty if it was revoked, never existed, or was purged */
    Optional<ApiTokenRecord> find(String jti);

    /**
     * Revokes an API token: deletes its record, and those of the API tokens it created and theirs, so that
     * a leaked token cannot outlive its revocation through tokens it made. Revoking one twice, or from many
     * threads at once, is not an error.
     *
     * @return {@code true} for the one call that revoked it
     */
    boolean revoke(String jti);

    /** @return every recorded API token, oldest first */
    List<ApiTokenRecord> list();

    /** @return the recorded API tokens created by this user, oldest first */
    List<ApiTokenRecord> listCreatedBy(long userId);

    /**
     * Forgets the records of tokens that expired more than {@link #PURGE_MARGIN} ago: they are refused as
     * expired anyway.
     *
     * @return how many were forgotten
     */
    int purgeExpired();
}
