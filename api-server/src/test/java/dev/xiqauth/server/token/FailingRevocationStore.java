package dev.xiqauth.server.token;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.BiConsumer;

/**
 * A revocation store that works as the one it wraps, except that a failure queued for its next revoke,
 * or its next check, is thrown there instead: a store that is down, or fails unexpectedly, at a moment
 * a test chooses.
 */
public final class FailingRevocationStore implements RevocationStore {
    private final RevocationStore store;
    private final Queue<RuntimeException> revokeFailures = new ArrayDeque<>();
    private final Queue<RuntimeException> checkFailures = new ArrayDeque<>();

    public FailingRevocationStore(RevocationStore store) {
        this.store = store;
    }

    /** Makes the next {@link #revoke} throw the failure. */
    public synchronized void failNextRevoke(RuntimeException failure) {
        revokeFailures.add(failure);
    }

    /** Makes the next {@link #isRevoked} throw the failure. */
    public synchronized void failNextCheck(RuntimeException failure) {
        checkFailures.add(failure);
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        throwIfQueued(revokeFailures);
        return store.revoke(jti, expiresAt);
    }

    /** Fails as {@link #revoke} does: the failures queued for the next revoke are for the next keep too. */
    @Override
    public void record(String jti, Instant expiresAt) {
        throwIfQueued(revokeFailures);
        store.record(jti, expiresAt);
    }

    @Override
    public boolean isRevoked(String jti, String keyId) {
        throwIfQueued(checkFailures);
        return store.isRevoked(jti, keyId);
    }

    @Override
    public void forEachKept(BiConsumer<String, Instant> revocation) {
        store.forEachKept(revocation);
    }

    @Override
    public int purgeExpired() {
        return store.purgeExpired();
    }

    private synchronized void throwIfQueued(Queue<RuntimeException> failures) {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }
}
