package dev.xiqauth.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits per client key, whose memory stays bounded however many keys the clients invent. */
final class ClientRateLimiterTest {
    private final MutableClock clock = new MutableClock(TestServers.START);

    @Test
    void aClientOverItsLimitIsRefusedForTheRestOfTheSecondOnly() {
        ClientRateLimiter limiter = new ClientRateLimiter(clock, 2, 10);

        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).as("another client").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("a")).isTrue();
    }

    @Test
    void newClientsBeyondTheBoundAreRefusedWhileTheBoundIsFullOfThisSecondsClients() {
        ClientRateLimiter limiter = new ClientRateLimiter(clock, 5, 3);
        for (String key : new String[] {"a", "b", "c"}) {
            assertThat(limiter.tryAcquire(key)).isTrue();
        }

        assertThat(limiter.tryAcquire("d")).as("a fourth client in the same second").isFalse();
        assertThat(limiter.tryAcquire("a")).as("a counted client").isTrue();
        assertThat(limiter.clients()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("d")).as("ended windows make room").isTrue();
        assertThat(limiter.clients()).isEqualTo(1);
    }
}
