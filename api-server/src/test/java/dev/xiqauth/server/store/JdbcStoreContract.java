package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.ViewLeases;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.user.DuplicateUserException;
import dev.xiqauth.server.user.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The store contract over a database, and what only the database stores do. */
abstract class JdbcStoreContract extends StoreContract {
    private Database database;

    /** @return settings of an empty database for one test */
    protected abstract StoreSettings freshStore() throws Exception;

    /** Releases what {@link #freshStore()} made. */
    protected abstract void releaseStore() throws Exception;

    /**
     * @param database the database's revocations
     * @return the revocations under test: the database's, unless a subclass puts something in front of them
     */
    protected RevocationStore revocationsOver(JdbcRevocationStore database) {
        return database;
    }

    @Override
    protected final OpenStores openEmpty() throws Exception {
        database = Database.open(freshStore());
        RevocationStore revocations = revocationsOver(new JdbcRevocationStore(database, clock));
        return new OpenStores(new JdbcUserDirectory(database), revocations,
                new JdbcLoginFailureStore(database), new JdbcKnownClientStore(database),
                new JdbcSigningKeyStore(database, clock), new JdbcApiTokenStore(database, clock),
                new JdbcQuotaLedger(database), () -> {
                    if (revocations instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                    database.close();
                    releaseStore();
                });
    }

    @Test
    void aNameThatLooksLikeAnExistingUsersIsRefusedAndAddsNobody() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        users.add("admin@example.com", "hash", "Administrator", Optional.empty());

        assertThatThrownBy(() -> users.add("adrnin@example.com", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class).hasMessageContaining("looks like the existing user");
        assertThatThrownBy(() -> users.add("ADMIN@example.com", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class);
        assertThat(users.list()).extracting(User::username).containsExactly("admin@example.com");
    }

    @Test
    void removingAUserRemovesTheRecordsOfItsApiTokens() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        long gone = users.add("leaver@example.com", "hash", "Operator", Optional.empty()).userId();
        long stays = users.add("stayer@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, new ApiTokenRecord(jti(1), gone, Set.of("device:read"), Optional.empty(), NOW, Optional.empty(),
                Optional.empty()));
        added(apiTokens, new ApiTokenRecord(jti(2), stays, Set.of("device:read"), Optional.empty(), NOW, Optional.empty(),
                Optional.empty()));

        users.remove("leaver@example.com");

        assertThat(apiTokens.find(jti(1))).isEmpty();
        assertThat(apiTokens.find(jti(2))).isPresent();
    }

    @Test
    void changingThePasswordOrDisablingAUserForgetsTheApiTokensItCreated() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        long first = users.add("first@example.com", "hash", "Operator", Optional.empty()).userId();
        long second = users.add("second@example.com", "hash", "Operator", Optional.empty()).userId();
        long third = users.add("third@example.com", "hash", "Operator", Optional.empty()).userId();
        for (long userId : new long[] {first, second, third}) {
            added(apiTokens, new ApiTokenRecord(jti((int) userId), userId, Set.of("device:read"), Optional.empty(), NOW,
                    Optional.empty(), Optional.empty()));
        }

        users.changePassword("FIRST@example.com", "new hash", NOW.plusSeconds(1));
        users.setEnabled("second@example.com", false, NOW.plusSeconds(1));

        assertThat(apiTokens.list()).extracting(ApiTokenRecord::userId).containsExactly(third);
    }

    @Test
    void purgeWorksThroughManyBatchesAndTiedExpiriesWithoutTouchingLiveRevocations() {
        JdbcRevocationStore smallBatches = new JdbcRevocationStore(database, clock, 3);
        for (int i = 0; i < 10; i++) {
            smallBatches.revoke(jti(i), NOW.plusSeconds(i < 6 ? 10 : 20 + i));
        }
        smallBatches.revoke(jti(99), NOW.plusSeconds(3600));
        clock.advance(Duration.ofSeconds(35).plusMinutes(5));

        assertThat(smallBatches.purgeExpired()).isEqualTo(10);
        assertThat(smallBatches.isRevoked(jti(99), KID)).isTrue();
        assertThat(smallBatches.isRevoked(jti(9), KID)).isFalse();
    }

    @Test
    void everyWriteThatCanChangeACheckAppendsOneEntryInItsTransactionInCommitOrderWithoutGaps() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        JdbcRevocationStore revocations = new JdbcRevocationStore(database, clock);
        JdbcSigningKeyStore keys = new JdbcSigningKeyStore(database, clock);
        JdbcChangeLog log = new JdbcChangeLog(database);
        long userId = users.add("first@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, apiToken(1, userId, Optional.empty()));
        apiTokens.revoke(jti(1));
        revocations.revoke(jti(2), NOW.plusSeconds(60));
        users.changePassword("first@example.com", "new hash", NOW);
        users.setEnabled("first@example.com", false, NOW);
        users.setEnabled("first@example.com", true, NOW);
        keys.activateIfNone(SigningKey.generate(new SecureRandom()));
        keys.rotate(SigningKey.generate(new SecureRandom()));
        String retired = keys.list().stream().filter(key -> !key.active()).findFirst().orElseThrow().key().keyId();
        keys.retire(retired);
        users.upgradeHash(userId, "new hash", "stronger hash");
        users.remove("first@example.com");

        List<Change> changes = log.after(0, 100).changes();

        assertThat(changes).extracting(Change::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.USER, Change.Kind.USER,
                Change.Kind.USER, Change.Kind.REVOKED, Change.Kind.USER, Change.Kind.USER, Change.Kind.USER,
                Change.Kind.KEYS, Change.Kind.KEYS, Change.Kind.USER);
        assertThat(changes.get(3).subject()).contains(jti(2));
        assertThat(changes.get(3).expiresAt()).contains(NOW.plusSeconds(60));
        assertThat(changes.stream().filter(change -> change.kind() == Change.Kind.USER).map(Change::userId))
                .containsOnly(userId);
        assertThat(log.lastPosition()).isEqualTo(10);
        assertThat(log.after(8, 100).changes()).extracting(Change::position).containsExactly(9L, 10L);
    }

    @Test
    void aWriteThatChangesNothingOrFailsAppendsNothing() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        JdbcChangeLog log = new JdbcChangeLog(database);
        long userId = users.add("first@example.com", "hash", "Operator", Optional.empty()).userId();

        assertThatThrownBy(() -> users.add("FIRST@example.com", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class);
        assertThat(apiTokens.add(apiToken(1, userId, Optional.empty()), 7, 10))
                .isEqualTo(ApiTokenStore.Recording.USER_CHANGED);
        assertThat(apiTokens.revoke(jti(5))).isFalse();
        assertThat(users.remove("nobody@example.com")).isFalse();
        assertThat(users.setEnabled("nobody@example.com", false, NOW)).isFalse();

        assertThat(log.lastPosition()).isEqualTo(1);
        assertThat(log.after(0, 100).changes()).hasSize(1);
    }

    @Test
    void aLeaseIsLiveUntilItExpiresByTheStoresClockAndRenewedOnlyWhileLiveAndCaughtUp() throws Exception {
        JdbcViewLeases leases = new JdbcViewLeases(database);
        JdbcRevocationStore revocations = new JdbcRevocationStore(database, clock);
        revocations.revoke(jti(1), NOW.plusSeconds(60));
        leases.take("view-a", ViewLeases.Holder.INSTANCE, "test", 1, Duration.ofSeconds(30));

        ViewLeases.LiveLeases live = leases.live();
        assertThat(live.lastPosition()).isEqualTo(1);
        assertThat(live.leases()).singleElement().satisfies(lease -> {
            assertThat(lease.viewId()).isEqualTo("view-a");
            assertThat(lease.acknowledged()).isEqualTo(1);
            assertThat(lease.remaining()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
        });

        revocations.revoke(jti(2), NOW.plusSeconds(60));
        // Lagging by one entry: renewable within the grace, not past it.
        assertThat(leases.renew("view-a", 1, Duration.ofSeconds(30), Duration.ofMinutes(1))).isTrue();
        Thread.sleep(20);
        assertThat(leases.renew("view-a", 1, Duration.ofSeconds(30), Duration.ofMillis(5))).isFalse();
        assertThat(leases.renew("view-a", 2, Duration.ofSeconds(30), Duration.ofMillis(5))).isTrue();
        assertThat(leases.live("view-a")).map(ViewLeases.LiveLease::acknowledged).contains(2L);

        leases.take("view-b", ViewLeases.Holder.GUARD, "test", 2, Duration.ofMillis(1));
        Thread.sleep(20);
        assertThat(leases.live("view-b")).isEmpty();
        assertThat(leases.renew("view-b", 2, Duration.ofSeconds(30), Duration.ofMinutes(1)))
                .as("an expired lease may have been waited out: it is taken again, after a catch-up, never renewed")
                .isFalse();
        assertThat(leases.live().leases()).extracting(ViewLeases.LiveLease::viewId).containsExactly("view-a");

        leases.release("view-a");
        assertThat(leases.live().leases()).isEmpty();
        assertThat(leases.live().lastPosition()).isEqualTo(2);
    }

    @Test
    void writersOfTwoInstancesCommitTheirPositionsInOrderWithoutGaps() throws Exception {
        try (Database other = Database.open(database.settings())) {
            JdbcRevocationStore here = new JdbcRevocationStore(database, clock);
            JdbcRevocationStore there = new JdbcRevocationStore(other, clock);
            JdbcUserDirectory users = new JdbcUserDirectory(other);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t * 50;
                JdbcRevocationStore store = t % 2 == 0 ? here : there;
                writers.add(new Thread(() -> {
                    for (int i = first; i < first + 50; i++) {
                        store.revoke(jti(i), NOW.plusSeconds(60));
                    }
                }));
            }
            writers.add(new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    users.add("user" + i + "@example.com", "hash", "Operator", Optional.empty());
                }
            }));
            writers.forEach(Thread::start);
            for (Thread writer : writers) {
                writer.join();
            }

            List<Change> changes = new JdbcChangeLog(database).after(0, 1_000).changes();
            assertThat(changes).extracting(Change::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 220).boxed().toList());
            assertThat(changes.stream().filter(change -> change.kind() == Change.Kind.REVOKED)
                    .map(change -> change.subject().get()).distinct()).hasSize(200);
        }
    }

    @Test
    void theLogForgetsEntriesOlderThanItsRetentionByTheStoresClock() throws Exception {
        JdbcRevocationStore revocations = new JdbcRevocationStore(database, clock);
        JdbcChangeLog log = new JdbcChangeLog(database);
        revocations.revoke(jti(1), NOW.plusSeconds(60));
        Thread.sleep(50);
        revocations.revoke(jti(2), NOW.plusSeconds(60));

        assertThat(log.purgeOlderThan(Duration.ofMillis(25))).isEqualTo(1);

        assertThat(log.after(0, 10).changes()).extracting(Change::position).containsExactly(2L);
        assertThat(log.lastPosition()).isEqualTo(2);
    }
}
