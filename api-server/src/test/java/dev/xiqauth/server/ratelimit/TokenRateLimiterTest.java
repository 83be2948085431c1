package dev.xiqauth.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Token quotas hold across every instance sharing a ledger, and cost the ledger one claim per lease. */
final class TokenRateLimiterTest {
    private static final String JTI = "0123456789abcdef0123456789abcdef";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryQuotaLedger ledger = new InMemoryQuotaLedger();

    @Test
    void oneInstanceAcceptsExactlyTheHourlyQuotaAndCountsTheRemainingDown() {
        TokenRateLimiter limiter = new TokenRateLimiter(clock, ledger);
        RateLimitPolicy policy = new RateLimitPolicy(100, OptionalLong.empty());

        for (int i = 1; i <= 100; i++) {
            TokenRateLimiter.Decision decision = limiter.consume(JTI, policy);
            assertThat(decision.allowed()).as("request %d", i).isTrue();
            assertThat(decision.remaining()).isEqualTo(100 - i);
        }
        TokenRateLimiter.Decision refused = limiter.consume(JTI, policy);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.resetSeconds()).isEqualTo(3_600);
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.consume(JTI, policy).allowed()).as("a new hour, a new count").isTrue();
    }

    @Test
    void instancesSharingTheLedgerTogetherNeverAcceptMoreThanTheQuotaAndAskItOncePerLease() {
        TokenRateLimiter a = new TokenRateLimiter(clock, ledger);
        TokenRateLimiter b = new TokenRateLimiter(clock, ledger);
        TokenRateLimiter c = new TokenRateLimiter(clock, ledger);
        TokenRateLimiter[] instances = {a, b, c};
        RateLimitPolicy policy = RateLimitPolicy.XIQ_DEFAULT;

        int accepted = 0;
        for (int i = 0; i < 3 * 7_500; i++) {
            if (instances[i % 3].consume(JTI, policy).allowed()) {
                accepted++;
            }
        }

        assertThat(accepted).as("never more than the quota in all").isLessThanOrEqualTo(7_500);
        long lease = 7_500 / 50;
        assertThat(accepted).as("at most the other instances' unused leases short of it")
                .isGreaterThanOrEqualTo((int) (7_500 - 2 * lease));
        assertThat(ledger.claims()).as("one claim per lease, not per request").isLessThanOrEqualTo(50 + 3 + 3);
    }

    @Test
    void aPerSecondQuotaHoldsAcrossInstancesToo() {
        TokenRateLimiter a = new TokenRateLimiter(clock, ledger);
        TokenRateLimiter b = new TokenRateLimiter(clock, ledger);
        RateLimitPolicy policy = new RateLimitPolicy(7_500, OptionalLong.of(10));

        int accepted = 0;
        for (int i = 0; i < 40; i++) {
            if ((i % 2 == 0 ? a : b).consume(JTI, policy).allowed()) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(10);
        TokenRateLimiter.Decision refused = a.consume(JTI, policy);
        assertThat(refused.resetSeconds()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(b.consume(JTI, policy).allowed()).as("the next second").isTrue();
    }

    @Test
    void purgingForgetsOnlyEndedWindows() {
        TokenRateLimiter limiter = new TokenRateLimiter(clock, ledger);
        RateLimitPolicy policy = new RateLimitPolicy(2, OptionalLong.empty());
        limiter.consume(JTI, policy);
        limiter.consume(JTI, policy);
        limiter.purge();
        assertThat(limiter.consume(JTI, policy).allowed()).as("the hour's count survives a purge").isFalse();
    }
}
