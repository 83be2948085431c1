package dev.xiqauth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class InMemoryRevocationStoreTest {
    private final MutableClock clock = new MutableClock(TestServers.START);
    private final InMemoryRevocationStore store = new InMemoryRevocationStore(clock);

    @Test
    void revokedTokenIsRevokedAndOthersAreNot() {
        assertThat(store.revoke("a", TestServers.START.plusSeconds(60))).isTrue();

        assertThat(store.isRevoked("a")).isTrue();
        assertThat(store.isRevoked("b")).isFalse();
    }

    @Test
    void revokingTwiceIsNotAnErrorAndReportsTheFirstOnly() {
        assertThat(store.revoke("a", TestServers.START.plusSeconds(60))).isTrue();
        assertThat(store.revoke("a", TestServers.START.plusSeconds(60))).isFalse();
        assertThat(store.isRevoked("a")).isTrue();
    }

    @Test
    void concurrentRevokesOfOneTokenSucceedExactlyOnce() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> revoke = () -> {
                    start.await();
                    return store.revoke("same-jti", TestServers.START.plusSeconds(60));
                };
                results.add(pool.submit(revoke));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeForgetsOnlyRevocationsOfExpiredTokens() {
        store.revoke("short", TestServers.START.plusSeconds(60));
        store.revoke("long", TestServers.START.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(2));

        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(store.isRevoked("short")).isFalse();
        assertThat(store.isRevoked("long")).isTrue();
        assertThat(store.size()).isEqualTo(1);
    }
}
