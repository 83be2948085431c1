package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class InProgressCountsTest {
    @Test
    void aClientIsAdmittedUpToItsLimitAndAgainOnceItReleases() {
        InProgressCounts counts = new InProgressCounts(2);

        assertThat(counts.tryAcquire("a")).isTrue();
        assertThat(counts.tryAcquire("a")).isTrue();
        assertThat(counts.tryAcquire("a")).as("a third at once").isFalse();
        assertThat(counts.tryAcquire("b")).as("another client").isTrue();
        counts.release("a");
        assertThat(counts.tryAcquire("a")).isTrue();
    }

    @Test
    void aClientLeavesTheMapWhenItsLastRequestEndsSoTheMapHoldsOnlyClientsInProgress() {
        InProgressCounts counts = new InProgressCounts(3);
        counts.tryAcquire("a");
        counts.tryAcquire("a");
        counts.tryAcquire("b");

        counts.release("a");
        assertThat(counts.clients()).isEqualTo(2);
        counts.release("a");
        counts.release("b");
        assertThat(counts.clients()).isZero();
    }

    @Test
    void aSecondReleaseOfOneAdmissionCountsNoOtherRequestDown() {
        InProgressCounts counts = new InProgressCounts(1);
        counts.tryAcquire("a");
        counts.release("a");
        counts.release("a");

        assertThat(counts.tryAcquire("a")).isTrue();
        assertThat(counts.tryAcquire("a")).as("the limit still holds").isFalse();
    }

    /**
     * Threads of one client admitting and releasing as fast as they can, through the moments its count falls to zero
     * and its counter is retired and replaced: never more admitted at once than the limit, none lost (every thread
     * is admitted again after its release), and the map empty at the end.
     */
    @Test
    void underContentionNoMoreThanTheLimitAreEverAdmittedAtOnceAndNoCountIsLost() throws Exception {
        int limit = 1;
        int threads = 8;
        InProgressCounts counts = new InProgressCounts(limit);
        AtomicInteger admittedNow = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admissions = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100_000; i++) {
                        if (counts.tryAcquire("one address")) {
                            most.accumulateAndGet(admittedNow.incrementAndGet(), Math::max);
                            admissions.incrementAndGet();
                            admittedNow.decrementAndGet();
                            counts.release("one address");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(most.get()).as("admitted at once").isLessThanOrEqualTo(limit);
        assertThat(admissions.get()).as("admissions").isPositive();
        assertThat(counts.clients()).as("clients left in the map").isZero();
        for (int i = 0; i < limit; i++) {
            assertThat(counts.tryAcquire("one address")).as("admission %d after all released", i).isTrue();
        }
        assertThat(counts.tryAcquire("one address")).isFalse();
    }
}
