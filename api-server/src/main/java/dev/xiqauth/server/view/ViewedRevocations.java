package dev.xiqauth.server.view;

import dev.xiqauth.server.token.RevocationStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * The store's revocations, each also recorded in the {@link CheckView} before {@link #revoke} returns. Once the view
 * holds every revocation, it tells whether a revoke is the token's first, and the store only keeps it
 * ({@link RevocationStore#record}); until then the store tells.
 */
final class ViewedRevocations implements RevocationStore {
    private final RevocationStore store;
    private final CheckView view;
    /**
     * Revocations the view holds (so refuses) but the store failed to keep: the next revoke of the token keeps it
     * and is the one that succeeds, instead of being told it was revoked already by a logout that answered 503.
     */
    private final ConcurrentMap<String, Instant> notKept = new ConcurrentHashMap<>();

    ViewedRevocations(RevocationStore store, CheckView view) {
        this.store = store;
        this.view = view;
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        if (!view.holdsEveryRevocation()) {
            try {
                return store.revoke(jti, expiresAt);
            } finally {
                // Whether or not the store answered: a failed commit may have happened before the failure, and a token
                // whose logout failed is refused here too, never accepted while the store holds it revoked.
                view.revoked(jti, expiresAt);
            }
        }
        if (view.revokedFirst(jti, expiresAt)) {
            keep(jti, expiresAt);
            return true;
        }
        if (!notKept.containsKey(jti)) {
            return false;
        }
        keep(jti, expiresAt);
        return notKept.remove(jti) != null;
    }

    private void keep(String jti, Instant expiresAt) {
        try {
            store.record(jti, expiresAt);
        } catch (RuntimeException e) {
            notKept.put(jti, expiresAt);
            throw e;
        }
    }

    @Override
    public boolean isRevoked(String jti, String keyId) {
        return view.isRevoked(jti, keyId);
    }

    @Override
    public void forEachKept(BiConsumer<String, Instant> revocation) {
        store.forEachKept(revocation);
    }

    @Override
    public int purgeExpired() {
        int purged = store.purgeExpired();
        view.forgetExpiredRevocations();
        long before = view.forgetBefore();
        notKept.values().removeIf(expiresAt -> expiresAt.getEpochSecond() < before);
        return purged;
    }
}
