package dev.xiqauth.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.error.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ThrottleTest {
    private static final Duration KNOWN_FOR = Duration.ofDays(30);

    private final MutableClock clock = new MutableClock(TestServers.START);
    private final ThrottlePolicy policy = new ThrottlePolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofHours(1));
    private final ThrottlePolicy perKnownClient = new ThrottlePolicy(2, Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofHours(1));
    private final InMemoryLoginFailureStore failures = new InMemoryLoginFailureStore();
    private final InMemoryKnownClientStore knownClients = new InMemoryKnownClientStore();
    private final LoginThrottle throttle = new LoginThrottle(failures, knownClients, policy,
            new ThrottlePolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1)), perKnownClient,
            KNOWN_FOR, clock);

    private void fail(String username, String clientKey) {
        try (LoginThrottle.Attempt attempt = throttle.begin(username, clientKey)) {
            attempt.failed();
        }
    }

    private void succeed(String username, String clientKey) {
        try (LoginThrottle.Attempt attempt = throttle.begin(username, clientKey)) {
            assertThat(attempt.retryAfter()).as("a login that may succeed is not throttled").isEmpty();
            attempt.succeeded();
        }
    }

    private Optional<Duration> retryAfter(String username, String clientKey) {
        try (LoginThrottle.Attempt attempt = throttle.begin(username, clientKey)) {
            return attempt.retryAfter();
        }
    }

    @Test
    void onlyOneStrangerAttemptPerUsernameIsUnderWayAtATime() {
        LoginThrottle.Attempt first = throttle.begin("Jane", "192.0.2.1");

        assertThatThrownBy(() -> throttle.begin("jane", "192.0.2.2"))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("under way");
        throttle.begin("bob", "192.0.2.2").close();
        first.close();
        LoginThrottle.Attempt second = throttle.begin("jane", "192.0.2.2");
        first.close();
        assertThatThrownBy(() -> throttle.begin("jane", "192.0.2.3")).as("closing twice frees no other's slot")
                .isInstanceOf(ApiProblem.class);
        second.close();
        throttle.begin("jane", "192.0.2.3").close();
    }

    @Test
    void aStrangersAttemptUnderWayDoesNotHoldUpAKnownClient() {
        succeed("jane", "192.0.2.7");
        LoginThrottle.Attempt stranger = throttle.begin("jane", "203.0.113.1");

        try (LoginThrottle.Attempt known = throttle.begin("JANE", "192.0.2.7")) {
            assertThatThrownBy(() -> throttle.begin("jane", "192.0.2.7")).as("one at a time per known client, too")
                    .isInstanceOf(ApiProblem.class).hasMessageContaining("under way");
            assertThatThrownBy(() -> throttle.begin("jane", "203.0.113.2")).as("strangers still queue")
                    .isInstanceOf(ApiProblem.class);
        }
        stranger.close();
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
            fail("jane", "192.0.2.1");
        }
        assertThat(retryAfter("JANE", "192.0.2.9")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));

        assertThat(retryAfter("jane", "192.0.2.9")).isEmpty();
    }

    @Test
    void unknownAndExistingUsernamesAreThrottledAlike() {
        for (int i = 0; i < 3; i++) {
            fail("no-such-user", "192.0.2.1");
            fail(TestServers.USERNAME, "192.0.2.2");
        }

        assertThat(retryAfter("no-such-user", "198.51.100.1")).contains(Duration.ofSeconds(30))
                .isEqualTo(retryAfter(TestServers.USERNAME, "198.51.100.2"));
    }

    @Test
    void oneAddressGuessingManyUsernamesIsThrottledByAddress() {
        for (int i = 0; i < 5; i++) {
            fail("user" + i, "203.0.113.7");
        }

        assertThat(retryAfter("somebody-new", "203.0.113.7")).isPresent();
        assertThat(retryAfter("somebody-new", "203.0.113.8")).isEmpty();
    }

    @Test
    void aKnownClientIsNotThrottledByStrangersFailuresAgainstItsUsername() {
        succeed("jane", "192.0.2.7");
        for (int i = 0; i < 20; i++) {
            fail("jane", "203.0.113." + i);
        }
        assertThat(retryAfter("jane", "198.51.100.1")).as("strangers wait").contains(Duration.ofMinutes(2));

        assertThat(retryAfter("jane", "192.0.2.7")).as("the known client does not").isEmpty();
        succeed("Jane", "192.0.2.7");
    }

    @Test
    void aKnownClientIsThrottledByItsOwnFailuresAloneAndTheyDoNotThrottleStrangers() {
        succeed("jane", "192.0.2.7");
        fail("jane", "192.0.2.7");
        fail("jane", "192.0.2.7");

        assertThat(retryAfter("jane", "192.0.2.7")).contains(Duration.ofSeconds(30));
        assertThat(retryAfter("jane", "198.51.100.1")).as("a stranger to jane").isEmpty();
        assertThat(retryAfter("bob", "192.0.2.7")).as("the same client, a stranger to bob").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        succeed("jane", "192.0.2.7");
        fail("jane", "192.0.2.7");
        assertThat(retryAfter("jane", "192.0.2.7")).as("its success forgot its own failures").isEmpty();
    }

    @Test
    void successMakesTheClientKnownButLeavesStrangersCountsAlone() {
        // Replaces successForgetsTheUsernamesFailuresButNotTheAddresses: forgetting the username's count
        // on every success handed an attacker a fresh budget each time the real user logged in.
        for (int i = 0; i < 2; i++) {
            fail("jane", "203.0.113.7");
        }
        succeed("jane", "192.0.2.7");
        fail("jane", "203.0.113.7");

        assertThat(retryAfter("jane", "198.51.100.1")).as("strangers' count kept").contains(Duration.ofSeconds(30));
        assertThat(failures.counts(List.of(ThrottleKeys.address("203.0.113.7"))))
                .extractingByKey(ThrottleKeys.address("203.0.113.7")).extracting(FailureCount::failures).isEqualTo(3);
        assertThat(retryAfter("jane", "192.0.2.7")).as("the client that logged in").isEmpty();
    }

    @Test
    void onlyASuccessfulLoginMakesAClientKnownAndItStaysKnownForTheKnownPeriod() {
        for (int i = 0; i < 3; i++) {
            fail("jane", "198.51.100." + i);
        }
        assertThat(retryAfter("jane", "192.0.2.7")).as("before it ever logged in").isPresent();
        clock.advance(Duration.ofSeconds(30));
        succeed("jane", "192.0.2.7");

        clock.advance(KNOWN_FOR.minusSeconds(1));
        for (int i = 0; i < 3; i++) {
            fail("jane", "198.51.100." + i);
        }
        assertThat(retryAfter("jane", "198.51.100.9")).as("strangers wait").isPresent();
        assertThat(retryAfter("jane", "192.0.2.7")).as("still known").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(retryAfter("jane", "192.0.2.7")).as("a stranger again").isPresent();
    }

    @Test
    void countsAndKnownClientsAreForgottenOnceTheyCanNoLongerMatterSoTheStoreStaysBounded() {
        succeed("bob", "192.0.2.8");
        fail("jane", "192.0.2.1");
        clock.advance(Duration.ofHours(2));

        assertThat(throttle.purge()).as("the username's and the address's counts").isEqualTo(2);
        assertThat(failures.counts(List.of(ThrottleKeys.username("jane"), ThrottleKeys.address("192.0.2.1"))))
                .isEmpty();
        clock.advance(KNOWN_FOR);
        assertThat(throttle.purge()).as("bob's known client").isEqualTo(1);
        assertThat(knownClients.isKnown(ThrottleKeys.knownClient("bob", "192.0.2.8"), clock.instant())).isFalse();
    }
}
