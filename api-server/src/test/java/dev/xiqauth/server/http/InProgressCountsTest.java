package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

        Optional<Runnable> first = counts.tryAcquire("a");
        assertThat(first).isPresent();
        assertThat(counts.tryAcquire("a")).isPresent();
        assertThat(counts.tryAcquire("a")).as("a third at once").isEmpty();
        assertThat(counts.tryAcquire("b")).as("another client").isPresent();
        first.orElseThrow().run();
        assertThat(counts.tryAcquire("a")).isPresent();
    }

    @Test
    void aClientLeavesTheMapWhenItsLastRequestEndsSoTheMapHoldsOnlyClientsInProgress() {
        InProgressCounts counts = new InProgressCounts(3);
        Runnable a1 = counts.tryAcquire("a").orElseThrow();
        Runnable a2 = counts.tryAcquire("a").orElseThrow();
        Runnable b = counts.tryAcquire("b").orElseThrow();

        a1.run();
        assertThat(counts.clients()).isEqualTo(2);
        a2.run();
        b.run();
        assertThat(counts.clients()).isZero();
    }

    @Test
    void anAdmissionReleasedTwiceCountsNoOtherRequestDown() {
        InProgressCounts counts = new InProgressCounts(2);
        Runnable first = counts.tryAcquire("a").orElseThrow();
        counts.tryAcquire("a").orElseThrow();
        first.run();
        first.run();

        assertThat(counts.tryAcquire("a")).isPresent();
        assertThat(counts.tryAcquire("a")).as("the limit still holds").isEmpty();
    }

    /**
     * Threads of one client admitting and releasing as fast as they can, through the moments its count falls to zero
     * and its counter is retired and replaced: never more admitted at once than the limit, and once every admission
     * is released the map is empty and the client is admitted up to its limit again.
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
                        Optional<Runnable> admitted = counts.tryAcquire("one address");
                        if (admitted.isPresent()) {
                            most.accumulateAndGet(admittedNow.incrementAndGet(), Math::max);
                            admissions.incrementAndGet();
                            admittedNow.decrementAndGet();
                            admitted.get().run();
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
        assertThat(counts.tryAcquire("one address")).as("admitted after all released").isPresent();
        assertThat(counts.tryAcquire("one address")).isEmpty();
    }
}
