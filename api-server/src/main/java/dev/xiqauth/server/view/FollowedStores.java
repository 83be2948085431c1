package dev.xiqauth.server.view;

import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A shared store's ports as a writer uses them: each write that can change a check's answer returns only once the
 * views with live leases have acknowledged it ({@link Acknowledgements#awaitAll}). A server instance also reads its
 * checks from its own {@link FollowedView}; an admin command, which holds no view, reads the store.
 *
 * @param revocations the revocations
 * @param apiTokens the API tokens
 * @param users the users
 * @param keys the signing keys
 */
public record FollowedStores(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
        SigningKeyStore keys) {

    /**
     * @param stores the store's ports
     * @param view this instance's view: checks are read there, and woken by this instance's writes
     * @param acknowledgements what the writes wait for
     * @return the ports, followed
     */
    public static FollowedStores of(FollowedView.ViewSources stores, FollowedView view,
            Acknowledgements acknowledgements) {
        Reads reads = new Reads() {
            @Override
            public boolean isRevoked(String jti, String keyId) {
                return view.isRevoked(jti, keyId);
            }

            @Override
            public Optional<ApiTokenRecord> apiToken(String jti) {
                return view.apiToken(jti);
            }

            @Override
            public Optional<User> user(long userId) {
                return view.user(userId);
            }

            @Override
            public void revokedHere(String jti, Instant expiresAt) {
                view.revokedHere(jti, expiresAt);
            }

            @Override
            public void forgetExpired() {
                view.forgetExpired();
            }
        };
        return build(stores, reads, () -> {
            view.wake();
            acknowledgements.awaitAll();
        });
    }

    /**
     * @param stores the store's ports
     * @param acknowledgements what the writes wait for
     * @return the ports of a writer without a view (an admin command): reads go to the store
     */
    public static FollowedStores withoutView(FollowedView.ViewSources stores, Acknowledgements acknowledgements) {
        Reads reads = new Reads() {
            @Override
            public boolean isRevoked(String jti, String keyId) {
                return stores.revocations().isRevoked(jti, keyId);
            }

            @Override
            public Optional<ApiTokenRecord> apiToken(String jti) {
                return stores.apiTokens().find(jti);
            }

            @Override
            public Optional<User> user(long userId) {
                return stores.users().findById(userId);
            }

            @Override
            public void revokedHere(String jti, Instant expiresAt) {
            }

            @Override
            public void forgetExpired() {
            }
        };
        return build(stores, reads, acknowledgements::awaitAll);
    }

    private static FollowedStores build(FollowedView.ViewSources stores, Reads reads, Runnable afterWrite) {
        return new FollowedStores(new Revocations(stores.revocations(), reads, afterWrite),
                new ApiTokens(stores.apiTokens(), reads, afterWrite), new Users(stores.users(), reads, afterWrite),
                new Keys(stores.keys(), afterWrite));
    }

    /** Where checks are read. */
    private interface Reads {
        boolean isRevoked(String jti, String keyId);

        Optional<ApiTokenRecord> apiToken(String jti);

        Optional<User> user(long userId);

        void revokedHere(String jti, Instant expiresAt);

        void forgetExpired();
    }

    private record Revocations(RevocationStore store, Reads reads, Runnable afterWrite) implements RevocationStore {
        @Override
        public boolean revoke(String jti, Instant expiresAt) {
            // Held here only once the store has it: a logout answered 503 has promised nothing, and its retry must
            // find the token still there to revoke. Had the commit happened before the failure, the log brings it.
            boolean first = store.revoke(jti, expiresAt);
            reads.revokedHere(jti, expiresAt);
            afterWrite.run();
            return first;
        }

        @Override
        public boolean isRevoked(String jti, String keyId) {
            return reads.isRevoked(jti, keyId);
        }

        @Override
        public void forEachKept(BiConsumer<String, Instant> revocation) {
            store.forEachKept(revocation);
        }

        @Override
        public int purgeExpired() {
            int purged = store.purgeExpired();
            reads.forgetExpired();
            return purged;
        }
    }

    private record ApiTokens(ApiTokenStore store, Reads reads, Runnable afterWrite) implements ApiTokenStore {
        /** A new token is known to every view before it is handed out: a miss in a view means "not live". */
        @Override
        public Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
            Recording recording = store.add(record, tokenGeneration, maxLivePerUser);
            if (recording == Recording.ADDED) {
                afterWrite.run();
            }
            return recording;
        }

        @Override
        public Optional<ApiTokenRecord> find(String jti) {
            return reads.apiToken(jti);
        }

        @Override
        public boolean revoke(String jti) {
            boolean revoked = store.revoke(jti);
            if (revoked) {
                afterWrite.run();
            }
            return revoked;
        }

        @Override
        public List<ApiTokenRecord> list() {
            return store.list();
        }

        @Override
        public List<ApiTokenRecord> listCreatedBy(long userId) {
            return store.listCreatedBy(userId);
        }

        @Override
        public int purgeExpired() {
            int purged = store.purgeExpired();
            reads.forgetExpired();
            return purged;
        }
    }

    private record Users(UserDirectory store, Reads reads, Runnable afterWrite) implements UserDirectory {
        @Override
        public Optional<User> findByUsername(String username) {
            return store.findByUsername(username); // a login needs the current hash, and costs a hash anyway
        }

        @Override
        public Optional<User> findById(long userId) {
            return reads.user(userId);
        }

        @Override
        public User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
            User added = store.add(username, passwordHash, role, tenant);
            afterWrite.run();
            return added;
        }

        @Override
        public boolean isEmpty() {
            return store.isEmpty();
        }

        @Override
        public List<User> list() {
            return store.list();
        }

        @Override
        public Map<String, Long> hashParameterCounts() {
            return store.hashParameterCounts();
        }

        @Override
        public boolean changePassword(String username, String passwordHash, Instant invalidateBefore) {
            return awaited(store.changePassword(username, passwordHash, invalidateBefore));
        }

        @Override
        public boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
            return awaited(store.setEnabled(username, enabled, invalidateBefore));
        }

        @Override
        public boolean remove(String username) {
            return awaited(store.remove(username));
        }

        /** A new hash changes no check: nothing to wait for. */
        @Override
        public boolean upgradeHash(long userId, String currentHash, String strongerHash) {
            return store.upgradeHash(userId, currentHash, strongerHash);
        }

        private boolean awaited(boolean changed) {
            if (changed) {
                afterWrite.run();
            }
            return changed;
        }
    }

    private record Keys(SigningKeyStore store, Runnable afterWrite) implements SigningKeyStore {
        @Override
        public List<StoredKey> list() {
            return store.list();
        }

        @Override
        public Optional<String> activeKeyId() {
            return store.activeKeyId();
        }

        @Override
        public boolean activateIfNone(SigningKey key) {
            return store.activateIfNone(key);
        }

        @Override
        public void rotate(SigningKey newKey) {
            store.rotate(newKey);
            afterWrite.run();
        }

        @Override
        public boolean retire(String keyId) {
            boolean retired = store.retire(keyId);
            if (retired) {
                afterWrite.run();
            }
            return retired;
        }
    }
}
