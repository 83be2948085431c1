package dev.xiqauth.server.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.feed.ChangeLog;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.FeedSignals;
import dev.xiqauth.server.feed.GuardFeed;
import dev.xiqauth.server.feed.LeaseTimes;
import dev.xiqauth.server.feed.ViewLeases;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.user.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A view that follows the change log under a lease, and a writer elsewhere that waits for its acknowledgement: the
 * invariant ("refused from the moment the write returns") and the faults that must not break it. The writer and
 * the view open the store each on their own, as two processes do.
 */
abstract class FollowedViewContract {
    /** Short, so that waiting a lease out takes a test a second. */
    static final LeaseTimes TIMES = new LeaseTimes(Duration.ofMillis(1_000), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(50));
    static final String KID = "test-key";

    private final List<AutoCloseable> opened = new ArrayList<>();
    private JdbcStores writerStores;
    FollowedStores writer;
    private StoreSettings settings;
    private long userId;

    /** @return settings of an empty store for one test */
    protected abstract StoreSettings freshStore() throws Exception;

    /** Releases what {@link #freshStore()} made. */
    protected abstract void releaseStore() throws Exception;

    /**
     * @return how many rounds of "revoke by the writer, check on the view" a test runs: where acknowledgements
     *     travel as messages, a round takes milliseconds; without them (H2), a renewal interval
     */
    protected abstract int rounds();

    @BeforeEach
    void openWriter() throws Exception {
        settings = freshStore();
        writerStores = open();
        Acknowledgements acknowledgements = new Acknowledgements(writerStores.viewLeases(), FeedMetrics.NONE,
                TIMES.renewEvery());
        opened.add(writerStores.openSignals(() -> { }, change -> { }, acknowledgements::acknowledged));
        writer = FollowedStores.withoutView(sources(writerStores), acknowledgements);
        userId = writer.users().add("jane@example.com", "hash", "OPERATOR", Optional.empty()).userId();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        releaseStore();
    }

    private JdbcStores open() {
        JdbcStores stores = JdbcStores.open(settings, Clock.systemUTC(), new SimpleMeterRegistry());
        opened.add(stores);
        return stores;
    }

    private static FollowedView.ViewSources sources(JdbcStores stores) {
        return new FollowedView.ViewSources(stores.revocations(), stores.apiTokens(), stores.users(),
                stores.signingKeys());
    }

    /** A view of another process, as it is started, with its reads of the store counted. */
    final class Instance {
        final CountingRevocations checks;
        final FollowedView view;
        final FollowedStores stores;

        Instance(boolean notified, Partition partition) {
            JdbcStores own = open();
            checks = new CountingRevocations(own.revocations());
            FollowedView.ViewSources sources = new FollowedView.ViewSources(checks, own.apiTokens(), own.users(),
                    own.signingKeys());
            Acknowledgements acknowledgements = new Acknowledgements(own.viewLeases(), FeedMetrics.NONE,
                    TIMES.renewEvery());
            FollowedView[] started = new FollowedView[1];
            FeedSignals signals = notified ? own.openSignals(() -> {
                if (started[0] != null) {
                    started[0].wake();
                }
            }, change -> {
                if (started[0] != null) {
                    started[0].offer(change);
                }
            }, acknowledgements::acknowledged) : FeedSignals.LOCAL;
            opened.add(signals);
            view = FollowedView.start(sources, partition.log(own.changeLog()), partition.leases(own.viewLeases()),
                    signals, new GuardFeed("store", 0, 1_024, Runnable::run), acknowledgements, FeedMetrics.NONE, TIMES,
                    "instance-" + opened.size(), "test",
                    Clock.systemUTC());
            started[0] = view;
            opened.add(view);
            stores = FollowedStores.of(sources, view, acknowledgements);
        }

        void awaitAnswering() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!view.answersFromMemory()) {
                assertThat(System.nanoTime() - deadline).as("the view answers from memory within 10 s").isNegative();
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aRevocationByAnotherWriterIsRefusedFromMemoryTheMomentTheWriteReturns() throws Exception {
        Instance instance = new Instance(true, new Partition());
        instance.awaitAnswering();
        int readsBefore = instance.checks.reads.get();

        for (int round = 0; round < rounds(); round++) {
            String jti = jti(round);
            assertThat(instance.stores.revocations().isRevoked(jti, KID)).isFalse();
            writer.revocations().revoke(jti, Instant.now().plusSeconds(3600));
            assertThat(instance.stores.revocations().isRevoked(jti, KID)).as("round %d", round).isTrue();
        }

        assertThat(instance.checks.reads.get()).as("checks read no store").isEqualTo(readsBefore);
        assertThat(instance.view.answersFromMemory()).isTrue();
    }

    @Test
    void everyChangeOfAUserOrItsApiTokensIsSeenByTheViewTheMomentTheWriteReturns() throws Exception {
        Instance instance = new Instance(true, new Partition());
        instance.awaitAnswering();
        ApiTokenRecord record = new ApiTokenRecord(jti(1), userId, Set.of("device:r"), Optional.empty(), Instant.now(),
                Optional.empty(), Optional.empty());

        assertThat(writer.apiTokens().add(record, 0, 10)).isEqualTo(ApiTokenStore.Recording.ADDED);
        assertThat(instance.stores.apiTokens().find(jti(1))).as("a new token, before it is handed out").isPresent();
        writer.apiTokens().revoke(jti(1));
        assertThat(instance.stores.apiTokens().find(jti(1))).isEmpty();

        writer.users().setEnabled("jane@example.com", false, Instant.now());
        assertThat(instance.stores.users().findById(userId)).map(User::enabled).contains(false);
        writer.users().setEnabled("jane@example.com", true, Instant.now());
        assertThat(instance.stores.users().findById(userId)).map(User::enabled).contains(true);
        User added = writer.users().add("john@example.com", "hash", "OPERATOR", Optional.empty());
        assertThat(instance.stores.users().findById(added.userId())).isPresent();
        writer.users().remove("john@example.com");
        assertThat(instance.stores.users().findById(added.userId())).isEmpty();
        assertThat(instance.view.answersFromMemory()).isTrue();
    }

    @Test
    void aWriterWaitsOutTheLeaseOfAViewThatNeverAcknowledgesAndNoLonger() {
        writerStores.viewLeases().take("frozen", ViewLeases.Holder.GUARD, "test", 0, Duration.ofMillis(1_500));

        long started = System.nanoTime();
        writer.revocations().revoke(jti(1), Instant.now().plusSeconds(3600));
        Duration first = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        writer.revocations().revoke(jti(2), Instant.now().plusSeconds(3600));
        Duration second = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first).as("waited for the frozen view's lease").isBetween(Duration.ofMillis(1_200),
                Duration.ofMillis(3_000));
        assertThat(second).as("the expired lease is waited for no more").isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aViewCutOffFromTheLogStopsAnsweringFromMemoryWithinItsLeaseAndRecoversByItself() throws Exception {
        Partition partition = new Partition();
        Instance instance = new Instance(false, partition);
        instance.awaitAnswering();
        partition.cut.set(true);

        long started = System.nanoTime();
        writer.revocations().revoke(jti(1), Instant.now().plusSeconds(3600));
        Duration wait = Duration.ofNanos(System.nanoTime() - started);

        assertThat(wait).as("the logout waited at most the lease").isLessThan(TIMES.length().plusMillis(700));
        assertThat(instance.view.answersFromMemory()).isFalse();
        assertThat(instance.stores.revocations().isRevoked(jti(1), KID)).as("refused: asked of the store").isTrue();

        partition.cut.set(false);
        instance.awaitAnswering();
        assertThat(instance.stores.revocations().isRevoked(jti(1), KID)).as("refused: from memory").isTrue();
        writer.revocations().revoke(jti(2), Instant.now().plusSeconds(3600));
        assertThat(instance.stores.revocations().isRevoked(jti(2), KID)).isTrue();
    }

    @Test
    void withoutNotificationsTheViewStillCatchesUpAndTheWriterWaitsOnlyForItsNextLook() throws Exception {
        Instance instance = new Instance(false, new Partition());
        instance.awaitAnswering();

        for (int round = 0; round < 20; round++) {
            long started = System.nanoTime();
            writer.revocations().revoke(jti(round), Instant.now().plusSeconds(3600));
            Duration wait = Duration.ofNanos(System.nanoTime() - started);
            assertThat(instance.stores.revocations().isRevoked(jti(round), KID)).isTrue();
            assertThat(wait).as("a poll, not a lease").isLessThan(TIMES.poll().plusMillis(400));
        }
        assertThat(instance.view.answersFromMemory()).isTrue();
    }

    @Test
    void aViewThatLaggedPastThePurgedLogLoadsTheStoreAnew() throws Exception {
        Partition partition = new Partition();
        Instance instance = new Instance(false, partition);
        instance.awaitAnswering();
        partition.cut.set(true);
        writer.revocations().revoke(jti(1), Instant.now().plusSeconds(3600));
        Thread.sleep(50);
        assertThat(writerStores.changeLog().purgeOlderThan(Duration.ofMillis(1))).isPositive();

        partition.cut.set(false);
        instance.awaitAnswering();

        assertThat(instance.stores.revocations().isRevoked(jti(1), KID)).isTrue();
    }

    static String jti(int n) {
        return HexFormat.of().toHexDigits((long) n) + HexFormat.of().toHexDigits(0x5eedL);
    }

    /** A view's way to the log and its lease, which a test can cut as a network partition would. */
    static final class Partition {
        final AtomicBoolean cut = new AtomicBoolean();
        /** Cuts the reads of the log alone: the leases and the notifications still pass. */
        final AtomicBoolean logReadsCut = new AtomicBoolean();

        private void pass() {
            if (cut.get()) {
                throw new StoreUnavailableException("partitioned by the test");
            }
        }

        ChangeLog log(ChangeLog log) {
            return new ChangeLog() {
                @Override
                public Entries after(long position, int limit) {
                    pass();
                    if (logReadsCut.get()) {
                        throw new StoreUnavailableException("the log's reads are cut by the test");
                    }
                    return log.after(position, limit);
                }

                @Override
                public long lastPosition() {
                    pass();
                    return log.lastPosition();
                }

                @Override
                public int purgeOlderThan(Duration age) {
                    pass();
                    return log.purgeOlderThan(age);
                }
            };
        }

        ViewLeases leases(ViewLeases leases) {
            return new ViewLeases() {
                @Override
                public void take(String viewId, Holder holder, String description, long acknowledged,
                        Duration length) {
                    pass();
                    leases.take(viewId, holder, description, acknowledged, length);
                }

                @Override
                public boolean renew(String viewId, long acknowledged, Duration length, Duration grace) {
                    pass();
                    return leases.renew(viewId, acknowledged, length, grace);
                }

                @Override
                public void release(String viewId) {
                    pass();
                    leases.release(viewId);
                }

                @Override
                public LiveLeases live() {
                    pass();
                    return leases.live();
                }

                @Override
                public Optional<LiveLease> live(String viewId) {
                    pass();
                    return leases.live(viewId);
                }

                @Override
                public int purgeExpiredFor(Duration age) {
                    pass();
                    return leases.purgeExpiredFor(age);
                }
            };
        }
    }

    /** The store's revocations, with the checks asked of it counted. */
    static final class CountingRevocations implements RevocationStore {
        final AtomicInteger reads = new AtomicInteger();
        private final RevocationStore store;

        CountingRevocations(RevocationStore store) {
            this.store = store;
        }

        @Override
        public boolean revoke(String jti, Instant expiresAt) {
            return store.revoke(jti, expiresAt);
        }

        @Override
        public boolean isRevoked(String jti, String keyId) {
            reads.incrementAndGet();
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
}
