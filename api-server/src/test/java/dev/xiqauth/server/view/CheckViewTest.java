package dev.xiqauth.server.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.store.JournaledRevocationStore;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.FailingRevocationStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact view of the embedded store: what it answers from memory, and when it asks the store instead. The
 * store is the real embedded one; "behind the view's back" is a write to it that does not go through the view,
 * as an admin command's does.
 */
final class CheckViewTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String JTI = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_JTI = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(NOW);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean othersConnected = new AtomicBoolean();
    private JdbcStores stores;
    private CheckView view;
    private User jane;

    @BeforeEach
    void openStore() {
        stores = JdbcStores.open(StoreSettings.embedded(dataDir), clock, registry);
        stores.signingKeys().activateIfNone(SigningKey.generate(new SecureRandom()));
        jane = stores.users().add("jane", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "OPERATOR", Optional.empty());
        view = viewOver(stores.revocations());
    }

    @AfterEach
    void closeStore() {
        stores.close();
    }

    /** @return a view over the test's store, with these revocations in front of it */
    private CheckView viewOver(RevocationStore revocations) {
        return new CheckView(revocations, stores.apiTokens(), stores.users(), stores.signingKeys(), othersConnected::get,
                clock);
    }

    /** @return how many times a connection was taken from the database's pool */
    private long connectionsTaken() {
        return registry.find("hikaricp.connections.acquire").timers().stream().mapToLong(Timer::count).sum();
    }

    private long storeOperations() {
        return registry.find("xiq.auth.store.operations").timers().stream().mapToLong(Timer::count).sum();
    }

    private String keyId() {
        return stores.signingKeys().activeKeyId().orElseThrow();
    }

    @Test
    void untilItIsLoadedEveryCheckAsksTheStore() {
        stores.revocations().revoke(JTI, NOW.plusSeconds(60));

        assertThat(view.answersFromMemory()).isFalse();
        assertThat(view.revocations().isRevoked(JTI, keyId())).isTrue();
        assertThat(view.users().findById(jane.userId())).isPresent();
    }

    @Test
    void aLoadedViewAnswersEveryCheckWithoutAskingTheStore() {
        stores.revocations().revoke(JTI, NOW.plusSeconds(60));
        view.catchUp();
        RevocationStore revocations = view.revocations();
        UserDirectory users = view.users();
        ApiTokenStore apiTokens = view.apiTokens();
        String keyId = keyId();
        long before = storeOperations();

        for (int i = 0; i < 100; i++) {
            assertThat(revocations.isRevoked(JTI, keyId)).isTrue();
            assertThat(revocations.isRevoked(OTHER_JTI, keyId)).isFalse();
            assertThat(users.findById(jane.userId())).contains(jane);
            assertThat(apiTokens.find(OTHER_JTI)).isEmpty();
        }

        assertThat(view.answersFromMemory()).isTrue();
        assertThat(storeOperations()).as("store operations during 400 checks").isEqualTo(before);
    }

    @Test
    void aRevocationThroughTheViewIsRefusedByTheNextCheckAndLeavesMemoryOnceItsTokenExpired() {
        view.catchUp();
        RevocationStore revocations = view.revocations();

        assertThat(revocations.revoke(JTI, NOW.plusSeconds(60))).isTrue();

        assertThat(revocations.isRevoked(JTI, keyId())).isTrue();
        assertThat(stores.revocations().isRevoked(JTI, keyId())).as("in the store too").isTrue();
        clock.advance(Duration.ofSeconds(60).plus(RevocationStore.PURGE_MARGIN).plusSeconds(1));
        revocations.purgeExpired();
        assertThat(view.revocationCount()).isZero();
    }

    @Test
    void whileAnAdminCommandHoldsALeaseEveryCheckAsksTheStoreAndItsEndReloadsTheView() {
        view.catchUp();
        String retired = keyId();
        stores.signingKeys().rotate(SigningKey.generate(new SecureRandom()));

        view.leaseBegun();
        stores.users().setEnabled("jane", false, NOW.plusSeconds(1)); // behind the view's back, as a command does
        stores.signingKeys().retire(retired);

        assertThat(view.users().findById(jane.userId())).get().extracting(User::enabled).isEqualTo(false);
        assertThat(view.revocations().isRevoked(OTHER_JTI, retired)).as("a token of the retired key").isTrue();
        view.leaseEnded();
        assertThat(view.answersFromMemory()).isTrue();
        long before = storeOperations();
        assertThat(view.users().findById(jane.userId())).get().extracting(User::enabled).isEqualTo(false);
        assertThat(view.revocations().isRevoked(OTHER_JTI, retired)).isTrue();
        assertThat(storeOperations()).isEqualTo(before);
    }

    @Test
    void theViewReturnsToMemoryOnlyWhenTheLastLeaseEnds() {
        view.catchUp();
        view.leaseBegun();
        view.leaseBegun();

        view.leaseEnded();
        assertThat(view.answersFromMemory()).isFalse();
        stores.users().remove("jane");
        assertThat(view.users().findById(jane.userId())).isEmpty();

        view.leaseEnded();
        assertThat(view.answersFromMemory()).isTrue();
        assertThat(view.users().findById(jane.userId())).isEmpty();
    }

    @Test
    void whileAnotherProcessIsConnectedChecksAskTheStoreUntilItLeaves() {
        view.catchUp();
        othersConnected.set(true);

        view.leaseBegun();
        view.leaseEnded(); // a command's connection may still commit: no return to memory yet
        assertThat(view.answersFromMemory()).isFalse();
        stores.users().remove("jane");
        assertThat(view.users().findById(jane.userId())).isEmpty();

        othersConnected.set(false);
        view.catchUp();
        assertThat(view.answersFromMemory()).isTrue();
        assertThat(view.users().findById(jane.userId())).isEmpty();
    }

    @Test
    void aProcessConnectedWithoutALeaseTurnsTheViewToTheStore() {
        view.catchUp();

        othersConnected.set(true);
        view.catchUp();

        assertThat(view.answersFromMemory()).isFalse();
    }

    @Test
    void anApiTokenRevokedThroughTheViewTakesTheTokensItCreatedWithItFromTheNextCheck() {
        view.catchUp();
        ApiTokenStore apiTokens = view.apiTokens();
        ApiTokenRecord parent = record(JTI, Optional.empty());
        ApiTokenRecord child = record(OTHER_JTI, Optional.of(JTI));
        assertThat(apiTokens.add(parent, jane.tokenGeneration(), 10)).isEqualTo(ApiTokenStore.Recording.ADDED);
        assertThat(apiTokens.add(child, jane.tokenGeneration(), 10)).isEqualTo(ApiTokenStore.Recording.ADDED);
        assertThat(apiTokens.find(OTHER_JTI)).as("answerable before it is handed out").contains(child);

        assertThat(apiTokens.revoke(JTI)).isTrue();

        assertThat(view.answersFromMemory()).isTrue();
        assertThat(apiTokens.find(JTI)).isEmpty();
        assertThat(apiTokens.find(OTHER_JTI)).as("the token the revoked one created").isEmpty();
    }

    @Test
    void aUserChangedThroughTheViewIsSeenByTheNextCheckWithTheApiTokensTheChangeDeleted() {
        view.catchUp();
        ApiTokenStore apiTokens = view.apiTokens();
        apiTokens.add(record(JTI, Optional.empty()), jane.tokenGeneration(), 10);

        assertThat(view.users().changePassword("jane", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$bmV3", NOW.plusSeconds(1)))
                .isTrue();

        User changed = view.users().findById(jane.userId()).orElseThrow();
        assertThat(changed.tokenGeneration()).isGreaterThan(jane.tokenGeneration());
        assertThat(apiTokens.find(JTI)).isEmpty();
    }

    @Test
    void aLogoutWhoseStoreWriteFailedIsRefusedByTheNextCheck() {
        FailingRevocationStore failing = new FailingRevocationStore(stores.revocations());
        CheckView failingView = viewOver(failing);
        failingView.catchUp();
        failing.failNextRevoke(new StoreUnavailableException("the commit's answer was lost"));

        assertThatThrownBy(() -> failingView.revocations().revoke(JTI, NOW.plusSeconds(60)))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(failingView.revocations().isRevoked(JTI, keyId())).as("the token whose logout failed").isTrue();
    }

    @Test
    void onceLoadedALogoutIsToldFirstFromMemoryAndKeptByTheJournalWithoutADatabaseOperation() {
        try (JournaledRevocationStore journaled = stores.openRevocationJournal(dataDir)) {
            CheckView journaledView = viewOver(journaled);
            journaledView.catchUp();
            RevocationStore revocations = journaledView.revocations();
            long before = connectionsTaken();

            assertThat(revocations.revoke(JTI, NOW.plusSeconds(60))).isTrue();
            assertThat(revocations.revoke(JTI, NOW.plusSeconds(60))).as("the second logout of the token").isFalse();

            assertThat(connectionsTaken()).as("database connections taken by two logouts").isEqualTo(before);
            assertThat(revocations.isRevoked(JTI, keyId())).isTrue();
            assertThat(journaled.isRevoked(JTI, keyId())).as("kept, in the journal").isTrue();
        }
        assertThat(stores.revocations().isRevoked(JTI, keyId())).as("folded when the journal closed").isTrue();
    }

    @Test
    void onceLoadedConcurrentLogoutsOfOneTokenSucceedExactlyOnce() throws Exception {
        try (JournaledRevocationStore journaled = stores.openRevocationJournal(dataDir)) {
            CheckView journaledView = viewOver(journaled);
            journaledView.catchUp();
            RevocationStore revocations = journaledView.revocations();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        return revocations.revoke(JTI, NOW.plusSeconds(60));
                    }));
                }
                start.countDown();
                int succeeded = 0;
                for (Future<Boolean> outcome : outcomes) {
                    succeeded += outcome.get() ? 1 : 0;
                }
                assertThat(succeeded).isEqualTo(1);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void onceLoadedALogoutTheStoreFailedToKeepIsKeptByTheNextOneWhichSucceeds() {
        FailingRevocationStore failing = new FailingRevocationStore(stores.revocations());
        CheckView failingView = viewOver(failing);
        failingView.catchUp();
        RevocationStore revocations = failingView.revocations();
        failing.failNextRevoke(new StoreUnavailableException("the disk is full"));

        assertThatThrownBy(() -> revocations.revoke(JTI, NOW.plusSeconds(60)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(revocations.isRevoked(JTI, keyId())).as("refused while not kept").isTrue();
        assertThat(stores.revocations().isRevoked(JTI, keyId())).as("not kept").isFalse();

        assertThat(revocations.revoke(JTI, NOW.plusSeconds(60))).as("the retried logout").isTrue();
        assertThat(stores.revocations().isRevoked(JTI, keyId())).as("kept by the retry").isTrue();
        assertThat(revocations.revoke(JTI, NOW.plusSeconds(60))).as("a logout after it").isFalse();
    }

    @Test
    void anApiTokenWhoseRevocationFailedIsRefusedWithTheTokensItCreated() {
        String grandchildJti = "00000000000000000000000000000003";
        ApiTokenStore commitsThenFails = new CommitsThenFailsRevoking(stores.apiTokens());
        CheckView failingView = new CheckView(stores.revocations(), commitsThenFails, stores.users(),
                stores.signingKeys(), othersConnected::get, clock);
        failingView.catchUp();
        ApiTokenStore apiTokens = failingView.apiTokens();
        apiTokens.add(record(JTI, Optional.empty()), jane.tokenGeneration(), 10);
        apiTokens.add(record(OTHER_JTI, Optional.of(JTI)), jane.tokenGeneration(), 10);
        apiTokens.add(record(grandchildJti, Optional.of(OTHER_JTI)), jane.tokenGeneration(), 10);

        assertThatThrownBy(() -> apiTokens.revoke(JTI)).isInstanceOf(StoreUnavailableException.class);

        assertThat(apiTokens.find(JTI)).as("the token whose revocation failed").isEmpty();
        assertThat(apiTokens.find(OTHER_JTI)).as("the token it created").isEmpty();
        assertThat(apiTokens.find(grandchildJti)).as("the token that one created").isEmpty();
    }

    /** API tokens whose revoke commits and then fails, as a store whose answer was lost after the commit. */
    private static final class CommitsThenFailsRevoking implements ApiTokenStore {
        private final ApiTokenStore store;

        CommitsThenFailsRevoking(ApiTokenStore store) {
            this.store = store;
        }

        @Override
        public Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
            return store.add(record, tokenGeneration, maxLivePerUser);
        }

        @Override
        public Optional<ApiTokenRecord> find(String jti) {
            return store.find(jti);
        }

        @Override
        public boolean revoke(String jti) {
            store.revoke(jti);
            throw new StoreUnavailableException("the commit's answer was lost");
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

    private ApiTokenRecord record(String jti, Optional<String> parent) {
        return new ApiTokenRecord(jti, jane.userId(), Set.of("device:r"), Optional.empty(), NOW, Optional.empty(),
                parent);
    }
}
