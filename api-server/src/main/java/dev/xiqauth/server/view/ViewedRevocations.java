package dev.xiqauth.server.view;

import dev.xiqauth.server.token.RevocationStore;
import java.time.Instant;
import java.util.function.BiConsumer;

/** The store's revocations, each also recorded in the {@link CheckView} before {@link #revoke} returns. */
final class ViewedRevocations implements RevocationStore {
    private final RevocationStore store;
    private final CheckView view;

    ViewedRevocations(RevocationStore store, CheckView view) {
        this.store = store;
        this.view = view;
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        try {
            return store.revoke(jti, expiresAt);
        } finally {
            // Whether or not the store answered: a failed commit may have happened before the failure, and a token
            // whose logout failed is refused here too, never accepted while the store holds it revoked.
            view.revoked(jti, expiresAt);
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
        return purged;
    }
}
