package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class BoundedPasswordHasherTest {
    /** A hasher whose verification blocks until released, to hold a slot. */
    private static final class GatedHasher implements PasswordHasher {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public String hash(String password) {
            return "h";
        }

        @Override
        public boolean verify(String encodedHash, String password) {
            started.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }
    }

    @Test
    void requestsBeyondTheRunningAndWaitingBoundsAreRefusedAtOnceWith503AndSaturationSaysSoBeforehand() throws Exception {
        GatedHasher slow = new GatedHasher();
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(slow, 1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertThat(bounded.isSaturated()).as("idle").isFalse();
            Future<Boolean> running = pool.submit(() -> bounded.verify("h", "p"));
            assertThat(slow.started.await(5, TimeUnit.SECONDS)).as("the first hash started").isTrue();
            assertThat(bounded.isSaturated()).as("the slot is taken, the queue has room").isFalse();
            Future<Boolean> waiting = pool.submit(() -> bounded.verify("h", "p"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bounded.queueDepth() == 0) {
                assertThat(System.nanoTime()).as("the second hash waits its turn").isLessThan(deadline);
                Thread.onSpinWait();
            }

            assertThat(bounded.isSaturated()).as("slot and queue full").isTrue();
            long start = System.nanoTime();
            ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> bounded.verify("h", "p"));
            long refusedAfterMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(refused.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(refused.headers()).containsEntry("Retry-After", "1");
            assertThat(refusedAfterMillis).as("refused without waiting for a turn").isLessThan(1_000);
            slow.release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(waiting.get(5, TimeUnit.SECONDS)).as("the waiting request got its turn").isTrue();
            assertThat(bounded.queueDepth()).isZero();
            assertThat(bounded.isSaturated()).as("idle again").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asManyCallersAsSlotsPlusQueueAreNeverRefusedNorSeeSaturationBetweenTheirCalls() throws Exception {
        GatedHasher released = new GatedHasher();
        released.release.countDown(); // as fast as can be, so that the callers' turns follow each other closely
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(released, 1, 1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> caller = () -> {
                int refusals = 0;
                for (int i = 0; i < 20_000; i++) {
                    // Between its own calls a caller holds nothing: the other one alone cannot fill slot and queue.
                    if (bounded.isSaturated()) {
                        refusals++;
                    }
                    try {
                        bounded.verify("h", "p");
                    } catch (ApiProblem refused) {
                        refusals++;
                    }
                }
                return refusals;
            };
            Future<Integer> first = callers.submit(caller);
            Future<Integer> second = callers.submit(caller);

            assertThat(first.get(60, TimeUnit.SECONDS) + second.get(60, TimeUnit.SECONDS))
                    .as("refusals, or saturation seen, with two callers for one slot and one place in the queue")
                    .isZero();
        } finally {
            callers.shutdownNow();
            bounded.close();
        }
    }
}
