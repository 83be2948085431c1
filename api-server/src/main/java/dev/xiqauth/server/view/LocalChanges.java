package dev.xiqauth.server.view;

import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.FeedSignals;
import dev.xiqauth.server.feed.GuardFeed;
import dev.xiqauth.server.feed.GuardFeeding;
import dev.xiqauth.server.feed.GuardStreams;
import dev.xiqauth.server.feed.LeaseTimes;
import dev.xiqauth.server.feed.LocalViewLeases;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * The ports of a server that is its store's only writer (the embedded store; the in-memory stores of tests) as the
 * guards need them: each change that can refuse a token is published to the {@link GuardFeed} the guards follow,
 * numbered by it, and the write returns only once every guard with a live lease has acknowledged it, or that lease
 * has expired. Wraps the ports the checks already use (the {@link CheckView}'s), so a change is in the view before
 * it is published.
 *
 * @param revocations the revocations
 * @param apiTokens the API tokens
 * @param users the users
 * @param feeding what the guards are served from
 * @param feed where the changes are published
 * @param acknowledgements what a write waits for
 */
public record LocalChanges(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
        GuardFeeding feeding, GuardFeed feed, Acknowledgements acknowledgements) {

    /**
     * Starts a feed of this run's own (its epoch new), the guards' leases in memory, and the ports that publish.
     *
     * @param revocations the revocations the checks use
     * @param apiTokens the API tokens the checks use
     * @param users the users the checks use
     * @param fence where runs record until when their guards may hold leases
     * @param metrics where the waits are reported
     * @return the ports, publishing, and what the guards are served from
     */
    public static LocalChanges start(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
            LocalViewLeases.LeaseFence fence, FeedMetrics metrics) {
        ScheduledExecutorService timer = GuardFeeding.timer();
        GuardFeed feed = new GuardFeed("run-" + UUID.randomUUID().toString().replace("-", ""), 0,
                GuardFeeding.FEED_CAPACITY, timer);
        LocalViewLeases leases = new LocalViewLeases(feed, LeaseTimes.DEFAULT.length(), fence);
        Acknowledgements acknowledgements = new Acknowledgements(leases, metrics, LeaseTimes.DEFAULT.renewEvery());
        GuardStreams streams = new GuardStreams(feed, leases, acknowledgements, FeedSignals.LOCAL, LeaseTimes.DEFAULT,
                feed::lastPosition, metrics, timer);
        return over(revocations, apiTokens, users, new GuardFeeding(streams, feed::lastPosition), feed,
                acknowledgements);
    }

    /**
     * Everything may have changed behind the guards' backs (an admin command wrote the embedded store): they forget
     * what they hold, and this returns once each with a live lease has acknowledged it, or that lease has expired.
     */
    public void everythingChanged() {
        feed.append(Change.Kind.KEYS, Optional.empty());
        acknowledgements.awaitAll();
    }

    private static LocalChanges over(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
            GuardFeeding feeding, GuardFeed feed, Acknowledgements acknowledgements) {
        Publisher publisher = (kind, subject) -> {
            feed.append(kind, subject);
            acknowledgements.awaitAll();
        };
        return new LocalChanges(new Revocations(revocations, publisher), new ApiTokens(apiTokens, publisher),
                new Users(users, publisher), feeding, feed, acknowledgements);
    }

    /** Publishes a change and waits for the guards. */
    @FunctionalInterface
    private interface Publisher {
        void published(Change.Kind kind, Optional<String> subject);

        default void user(long userId) {
            published(Change.Kind.USER, Optional.of(Long.toString(userId)));
        }
    }

    private record Revocations(RevocationStore store, Publisher publisher) implements RevocationStore {
        @Override
        public boolean revoke(String jti, Instant expiresAt) {
            boolean first = store.revoke(jti, expiresAt);
            publisher.published(Change.Kind.REVOKED, Optional.of(jti));
            return first;
        }

        @Override
        public void record(String jti, Instant expiresAt) {
            store.record(jti, expiresAt);
            publisher.published(Change.Kind.REVOKED, Optional.of(jti));
        }

        @Override
        public boolean isRevoked(String jti, String keyId) {
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
    }

    private record ApiTokens(ApiTokenStore store, Publisher publisher) implements ApiTokenStore {
        @Override
        public Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
            return store.add(record, tokenGeneration, maxLivePerUser); // a guard asks about a token it has not seen
        }

        @Override
        public Optional<ApiTokenRecord> find(String jti) {
            return store.find(jti);
        }

        /** The tokens it created go with it, all of its user: the guards forget that user's answers. */
        @Override
        public boolean revoke(String jti) {
            Optional<ApiTokenRecord> record = store.find(jti);
            boolean revoked = store.revoke(jti);
            if (revoked) {
                record.ifPresentOrElse(gone -> publisher.user(gone.userId()),
                        () -> publisher.published(Change.Kind.KEYS, Optional.empty()));
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
            return store.purgeExpired();
        }
    }

    private record Users(UserDirectory store, Publisher publisher) implements UserDirectory {
        @Override
        public Optional<User> findByUsername(String username) {
            return store.findByUsername(username);
        }

        @Override
        public Optional<User> findById(long userId) {
            return store.findById(userId);
        }

        /** A new user has no token a guard has seen. */
        @Override
        public User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
            return store.add(username, passwordHash, role, tenant);
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
            return published(username, store.changePassword(username, passwordHash, invalidateBefore));
        }

        @Override
        public boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
            return published(username, store.setEnabled(username, enabled, invalidateBefore));
        }

        @Override
        public boolean remove(String username) {
            Optional<User> before = store.findByUsername(username);
            boolean removed = store.remove(username);
            if (removed) {
                before.ifPresent(user -> publisher.user(user.userId()));
            }
            return removed;
        }

        @Override
        public boolean upgradeHash(long userId, String currentHash, String strongerHash) {
            return store.upgradeHash(userId, currentHash, strongerHash);
        }

        private boolean published(String username, boolean changed) {
            if (changed) {
                store.findByUsername(username).ifPresent(user -> publisher.user(user.userId()));
            }
            return changed;
        }
    }
}
