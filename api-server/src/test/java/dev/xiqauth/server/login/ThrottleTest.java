package dev.xiqauth.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.error.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

final class ThrottleTest {
    private final MutableClock clock = new MutableClock(TestServers.START);
    private final ThrottlePolicy policy = new ThrottlePolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofHours(1));
    private final InMemoryLoginFailureStore failures = new InMemoryLoginFailureStore();
    private final LoginThrottle throttle = new LoginThrottle(failures, policy,
            new ThrottlePolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1)), clock);

    @Test
    void onlyOneAttemptPerUsernameIsUnderWayAtATime() {
        LoginThrottle.Admission first = throttle.admit("Jane");

        Assertions.assertThatThrownBy(() -> throttle.admit("jane"))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("under way");
        throttle.admit("bob").close();
        first.close();
        throttle.admit("jane").close();
    }

    @Test
    void failuresWithinTheBudgetCostNoWait() {
        Instant now = TestServers.START;
        assertThat(policy.waitFor(new FailureCount(2, now), now)).isEmpty();
    }

    @Test
    void eachFailurePastTheBudgetDoublesTheWaitUpToTheMaximum() {
        Instant last = TestServers.START;
        assertThat(policy.waitFor(new FailureCount(3, last), last)).contains(Duration.ofSeconds(30));
        assertThat(policy.waitFor(new FailureCount(4, last), last)).contains(Duration.ofMinutes(1));
        assertThat(policy.waitFor(new FailureCount(5, last), last)).contains(Duration.ofMinutes(2));
        assertThat(policy.waitFor(new FailureCount(40, last), last)).contains(Duration.ofMinutes(2));
        assertThat(policy.waitFor(new FailureCount(4, last), last.plusSeconds(45))).contains(Duration.ofSeconds(15));
    }

    @Test
    void throttleEndsByItselfOnceTheWaitIsOver() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("jane", "192.0.2.1");
        }
        assertThat(throttle.retryAfter("JANE", "192.0.2.9")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));

        assertThat(throttle.retryAfter("jane", "192.0.2.9")).isEmpty();
    }

    @Test
    void unknownAndKnownUsernamesAreThrottledAlike() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("no-such-user", "192.0.2.1");
            throttle.failed(TestServers.USERNAME, "192.0.2.2");
        }

        assertThat(throttle.retryAfter("no-such-user", "198.51.100.1")).contains(Duration.ofSeconds(30))
                .isEqualTo(throttle.retryAfter(TestServers.USERNAME, "198.51.100.2"));
    }

    @Test
    void oneAddressGuessingManyUsernamesIsThrottledByAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "203.0.113.7");
        }

        assertThat(throttle.retryAfter("somebody-new", "203.0.113.7")).isPresent();
        assertThat(throttle.retryAfter("somebody-new", "203.0.113.8")).isEmpty();
    }

    @Test
    void successForgetsTheUsernamesFailuresButNotTheAddresses() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("jane", "203.0.113.7");
        }
        throttle.succeeded("jane");
        throttle.failed("jane", "203.0.113.7");

        assertThat(throttle.retryAfter("jane", "198.51.100.1")).isEmpty();
        assertThat(failures.counts(List.of("addr:203.0.113.7"))).extractingByKey("addr:203.0.113.7")
                .extracting(FailureCount::failures).isEqualTo(3);
    }

    @Test
    void countsAreForgottenAfterTheResetPeriodSoTheStoreStaysBounded() {
        InMemoryLoginFailureStore store = new InMemoryLoginFailureStore();
        LoginThrottle forgetful = new LoginThrottle(store, policy, policy, clock);
        forgetful.failed("jane", "192.0.2.1");
        clock.advance(Duration.ofHours(2));

        assertThat(forgetful.purge()).isEqualTo(2);
        assertThat(store.counts(List.of("user:jane", "addr:192.0.2.1"))).isEmpty();
    }
}
