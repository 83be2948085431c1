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

    /**
     * Records a new API token, before it is handed out.
     *
     * @param record its record; its {@code jti} is new
     */
    void add(ApiTokenRecord record);

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
