package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.config.ThrottleSettings;
import dev.xiqauth.server.login.ThrottlePolicy;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The attacks people run against a login endpoint, over real HTTP: guessing passwords, spreading
 * guesses over usernames or addresses, racing logouts, and hiding log lines in usernames. Loopback
 * is a trusted proxy here, so that each test can speak as several client addresses.
 */
final class SecurityHardeningTest extends ApplicationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USER_BUDGET = 3;
    private static final int ADDRESS_BUDGET = 6;
    private static final ThrottlePolicy PER_USER = new ThrottlePolicy(USER_BUDGET, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofHours(12));

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }

    @Override
    protected Application application(MutableClock testClock) {
        ThrottlePolicy perAddress = new ThrottlePolicy(ADDRESS_BUDGET, Duration.ofSeconds(30), Duration.ofMinutes(15),
                Duration.ofHours(12));
        return TestServers.application(testClock)
                .throttling(ThrottleSettings.defaults().withPolicies(PER_USER, perAddress, PER_USER))
                .trustedProxies(List.of("127.0.0.1", "::1")).build().resourceConfig();
    }

    @BeforeEach
    void captureAudit() {
        audit.start();
        auditLogger.addAppender(audit);
        auditLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseAudit() {
        auditLogger.detachAppender(audit);
        auditLogger.setLevel(null);
    }


    private static JsonNode withoutErrorId(Response response) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(response.readEntity(String.class));
        json.remove("error_id");
        return json;
    }

    @Test
    void afterTheBudgetTheRightPasswordGetsTheSame429AsAWrongOne() throws IOException {
        for (int i = 0; i < USER_BUDGET; i++) {
            try (Response failed = login(TestServers.USERNAME, "guess-" + i, "X-Forwarded-For", "198.51.100." + i)) {
                assertThat(failed.getStatus()).isEqualTo(401);
            }
        }

        try (Response right = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "198.51.100.50");
                Response wrong = login(TestServers.USERNAME, "guess-x", "X-Forwarded-For", "198.51.100.51")) {
            assertThat(right.getStatus()).isEqualTo(429);
            assertThat(wrong.getStatus()).isEqualTo(429);
            assertThat(right.getHeaderString("Retry-After")).isEqualTo("30");
            assertThat(withoutErrorId(right)).isEqualTo(withoutErrorId(wrong));
        }
    }

    @Test
    void throttleOnAnUnknownUsernameLooksLikeOneOnAKnownUsername() throws IOException {
        for (int i = 0; i < USER_BUDGET; i++) {
            login(TestServers.USERNAME, "guess-" + i, "X-Forwarded-For", "198.51.100." + i).close();
            login("ghost@example.com", "guess-" + i, "X-Forwarded-For", "198.51.100." + (10 + i)).close();
        }

        try (Response known = login(TestServers.USERNAME, "x", "X-Forwarded-For", "203.0.113.1");
                Response unknown = login("ghost@example.com", "x", "X-Forwarded-For", "203.0.113.2")) {
            assertThat(known.getStatus()).isEqualTo(unknown.getStatus()).isEqualTo(429);
            assertThat(known.getHeaderString("Retry-After")).isEqualTo(unknown.getHeaderString("Retry-After"));
            assertThat(withoutErrorId(known)).isEqualTo(withoutErrorId(unknown));
        }
    }

    @Test
    void throttleExpiresByItselfSoNoAttackerCanLockOutARealUser() {
        for (int i = 0; i < USER_BUDGET + 3; i++) {
            login(TestServers.USERNAME, "guess-" + i, "X-Forwarded-For", "198.51.100." + i).close();
        }
        try (Response locked = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "192.0.2.200")) {
            assertThat(locked.getStatus()).as("throttled at first").isEqualTo(429);
        }
        clock.advance(Duration.ofMinutes(15));

        try (Response right = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "192.0.2.200")) {
            assertThat(right.getStatus()).isEqualTo(200);
        }
    }

    /**
     * The lockout this design prevents: an attacker who sends one wrong guess each time Retry-After
     * ends kept the username throttled for everyone. Now the real user's client, known from an
     * earlier login, gets in every hour of a day of that, while the attacker's counted guesses stay
     * within the bound {@link ThrottlePolicy} states.
     */
    @Test
    void theRealUserLogsInFromAKnownClientWhileAnAttackerGuessesAsFastAsTheLimitsAllowForADay() {
        String victim = "192.0.2.77";
        try (Response first = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", victim)) {
            assertThat(first.getStatus()).isEqualTo(200);
        }
        Instant end = clock.instant().plus(Duration.ofHours(24));
        Instant nextVictimLogin = clock.instant();
        int counted = 0;
        int victimLogins = 0;
        for (int guess = 0; clock.instant().isBefore(end); guess++) {
            // A fresh address for every guess, so that only the username's budget can stop the attacker.
            String attacker = "198.18." + (guess / 250) + "." + (guess % 250 + 1);
            try (Response response = login(TestServers.USERNAME, "guess-" + guess, "X-Forwarded-For", attacker)) {
                if (response.getStatus() == 401) {
                    counted++;
                    continue;
                }
                assertThat(response.getStatus()).isEqualTo(429);
                Duration wait = Duration.ofSeconds(Long.parseLong(response.getHeaderString("Retry-After")));
                if (!clock.instant().isBefore(nextVictimLogin)) {
                    try (Response stranger = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For",
                            "203.0.113.99");
                            Response known = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For",
                                    victim)) {
                        assertThat(stranger.getStatus()).as("the username is throttled for strangers").isEqualTo(429);
                        assertThat(known.getStatus()).as("but not for the real user's client").isEqualTo(200);
                    }
                    victimLogins++;
                    nextVictimLogin = clock.instant().plus(Duration.ofHours(1));
                }
                clock.advance(wait);
            }
        }

        long bound = mostFailuresCounted(PER_USER, Duration.ofHours(24));
        assertThat(counted).as("the attacker's guesses counted in 24 h, against the bound " + bound)
                .isLessThanOrEqualTo((int) bound).isGreaterThanOrEqualTo((int) bound - 3);
        assertThat(victimLogins).isGreaterThanOrEqualTo(23);
    }

    /** The bound {@link ThrottlePolicy} states: budget + d + ceil(T / maxWait), d the doubled waits under the maximum. */
    private static long mostFailuresCounted(ThrottlePolicy policy, Duration span) {
        int doubled = 0;
        for (Duration wait = policy.firstWait(); wait.compareTo(policy.maxWait()) < 0; wait = wait.multipliedBy(2)) {
            doubled++;
        }
        long maxWait = policy.maxWait().toSeconds();
        return policy.budget() + doubled + (span.toSeconds() + maxWait - 1) / maxWait;
    }

    @Test
    void oneAddressSprayingManyUsernamesIsThrottled() {
        for (int i = 0; i < ADDRESS_BUDGET; i++) {
            login("user" + i + "@example.com", "password", "X-Forwarded-For", "203.0.113.66").close();
        }

        try (Response next = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "203.0.113.66");
                Response elsewhere = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "203.0.113.67")) {
            assertThat(next.getStatus()).isEqualTo(429);
            assertThat(elsewhere.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void oneIpv6NetworkSpreadingGuessesOverItsAddressesIsThrottledAsOneClient() {
        for (int i = 0; i < ADDRESS_BUDGET; i++) {
            login("user" + i + "@example.com", "password", "X-Forwarded-For", "2001:db8:1:2::" + (i + 1)).close();
        }

        try (Response sameNetwork = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For",
                "2001:db8:1:2:ffff:ffff:ffff:ffff");
                Response nextNetwork = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For",
                        "2001:db8:1:3::1")) {
            assertThat(sameNetwork.getStatus()).as("another address of the same /64").isEqualTo(429);
            assertThat(nextNetwork.getStatus()).as("the next /64").isEqualTo(200);
        }
        assertThat(audit.list).map(ILoggingEvent::getFormattedMessage).as("the audit log keeps full addresses")
                .anyMatch(line -> line.contains("client=2001:db8:1:2::1 "))
                .anyMatch(line -> line.contains("client=2001:db8:1:2::6 "))
                .anyMatch(line -> line.contains("client=2001:db8:1:2:ffff:ffff:ffff:ffff "));
    }

    @Test
    void anIpv4MappedIpv6AddressIsThrottledAsTheIpv4AddressItCarries() {
        for (int i = 0; i < ADDRESS_BUDGET; i++) {
            login("user" + i + "@example.com", "password", "X-Forwarded-For", "203.0.113.70").close();
        }

        try (Response mapped = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For",
                "::ffff:203.0.113.70")) {
            assertThat(mapped.getStatus()).isEqualTo(429);
        }
    }

    @Test
    void fiftyConcurrentLogoutsOfOneTokenGiveOne200AndTheRest401() throws Exception {
        String token;
        try (Response response = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "192.0.2.1")) {
            token = JSON.readTree(response.readEntity(String.class)).get("access_token").asText();
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Callable<Integer> logout = () -> {
                    start.await();
                    try (Response response = target("logout").request()
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).post(null)) {
                        return response.getStatus();
                    }
                };
                statuses.add(pool.submit(logout));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get());
            }
            assertThat(results).containsOnly(200, 401);
            assertThat(results).filteredOn(status -> status == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        try (Response after = target("logout").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .post(null)) {
            assertThat(after.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void usernameWithLineBreaksGetsTheGenericFailureAndCannotForgeAuditLines() throws IOException {
        String forged = "nobody\r\nevent=login outcome=success username=\"admin\"";
        try (Response response = login(forged, "x", "X-Forwarded-For", "192.0.2.9")) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getHeaders().toString()).doesNotContain("event=login");
            assertThat(JSON.readTree(response.readEntity(String.class)).get("error_code").asText())
                    .isEqualTo("INVALID_CREDENTIALS");
        }

        assertThat(audit.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).doesNotContain("\r").doesNotContain("\n")
                    .contains("\\u000d\\u000a");
            assertThat(line.getFormattedMessage()).startsWith("event=login outcome=failure username=\"nobody\\u000d")
                    .contains("username=\\u0022admin\\u0022\" client=192.0.2.9");
        });
    }

    @Test
    void auditLogRecordsEachOutcomeWithIdsButNoSecrets() throws IOException {
        String errorId;
        try (Response failed = login(TestServers.USERNAME, "wrong-secret-1", "X-Forwarded-For", "192.0.2.10")) {
            errorId = JSON.readTree(failed.readEntity(String.class)).get("error_id").asText();
        }
        String token;
        try (Response ok = login(TestServers.USERNAME, TestServers.PASSWORD, "X-Forwarded-For", "192.0.2.11")) {
            token = JSON.readTree(ok.readEntity(String.class)).get("access_token").asText();
        }
        target("logout").request().header("X-Forwarded-For", "192.0.2.12")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).post(null).close();

        List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("event=login outcome=failure").contains("client=192.0.2.10")
                .contains("error_id=" + errorId);
        assertThat(lines.get(1)).contains("event=login outcome=success").contains("client=192.0.2.11")
                .containsPattern("jti=[0-9a-f]{32}");
        assertThat(lines.get(2)).contains("event=logout outcome=success").contains("client=192.0.2.12");
        String all = lines.stream().collect(Collectors.joining("\n"));
        assertThat(all).doesNotContain("wrong-secret-1").doesNotContain(TestServers.PASSWORD).doesNotContain(token)
                .doesNotContain("$argon2id");
    }

    @Test
    void requestsWithATokenCarryItsRateLimitHeadersButALogoutIsNeitherCountedNorReported() {
        String body = "{\"username\":\"" + TestServers.USERNAME + "\",\"password\":\"" + TestServers.PASSWORD
                + "\",\"rate_limit\":{\"hour\":100,\"second\":5}}";
        String token;
        try (Response response = target("login").request().post(Entity.json(body))) {
            token = response.readEntity(ObjectNode.class).get("access_token").asText();
        }

        try (Response introspected = target("auth/apitoken/info").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).get()) {
            assertThat(introspected.getStatus()).isEqualTo(200);
            assertThat(introspected.getHeaderString("RateLimit-Limit")).isEqualTo("100;w=3600, 5;w=1");
            assertThat(introspected.getHeaderString("RateLimit-Remaining")).isEqualTo("99");
            assertThat(Long.parseLong(introspected.getHeaderString("RateLimit-Reset"))).isBetween(1L, 3600L);
        }
        try (Response logout = target("logout").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .post(null)) {
            assertThat(logout.getStatus()).isEqualTo(200);
            assertThat(logout.getHeaderString("RateLimit-Limit")).as("x-xiq-counts-quota: false").isNull();
        }
    }
}
