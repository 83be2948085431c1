package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.api.model.XiqError;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Jersey service guarded without a cache: who gets in, what each refusal says, and that it fails closed. */
final class XiqTokenGuardTest extends GuardedServiceTest {
    private static final String BARE_CHALLENGE = "Bearer realm=\"xiq\"";
    private static final String INVALID_TOKEN = "Bearer realm=\"xiq\", error=\"invalid_token\"";

    /** A client that sends two headers of one name as two lines; HTTP/1.1 only, as Grizzly ignores h2c upgrades. */
    private static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void validTokenReachesTheResourceWithItsUsersNameRoleAndScopes() {
        Response response = get("whoami", ScriptedAuthServer.JANE);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.readEntity(String.class)).isEqualTo("jane id=4711 role=Operator scopes=[device:read]"
                + " owner=42 dc=US-EAST expires=2026-11-28T11:00:00Z operator=true administrator=false scheme=Bearer"
                + " secure=false");
        assertThat(authServer.requests()).as("RFC 7662: the token in the form, the service's credential as the Bearer")
                .containsExactly("POST application/x-www-form-urlencoded token=" + ScriptedAuthServer.JANE + " by Bearer "
                        + ScriptedAuthServer.SERVICE);
    }

    @Test
    void securityContextKeepsWhetherTheChannelWasSecure() {
        Response response = target("whoami").request().header("Authorization", "Bearer " + ScriptedAuthServer.ADA)
                .header("X-Test-Secure", "yes").get();

        assertThat(response.readEntity(String.class)).startsWith("ada id=1 role=Administrator")
                .contains("administrator=true").endsWith("secure=true");
    }

    @Test
    void requestWithoutAuthorizationIs401WithABareChallengeAndAsksNothing() {
        Response response = target("whoami").request().get();

        assertGuardError(response, 401, "UNAUTHENTICATED");
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo(BARE_CHALLENGE);
        assertThat(authServer.introspections()).isZero();
    }

    @Test
    void credentialsOfAnotherSchemeAre401WithABareChallenge() {
        Response response = target("whoami").request().header("Authorization", "Basic amFuZTpzZWNyZXQ=").get();

        assertGuardError(response, 401, "UNAUTHENTICATED");
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo(BARE_CHALLENGE);
        assertThat(authServer.introspections()).isZero();
    }

    @Test
    void anUnknownPathIsRefusedLikeAKnownOneSoItTellsNothing() {
        Response response = target("no/such/path").request().get();

        assertGuardError(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void tokenTheServerRefusesIs401InvalidToken() {
        Response response = get("whoami", "revoked.or.forged");

        assertGuardError(response, 401, "INVALID_TOKEN");
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo(INVALID_TOKEN);
        assertThat(authServer.introspections()).isOne();
    }

    @Test
    void somethingThatCannotBeATokenIs401InvalidTokenWithoutAsking() {
        for (String malformed : List.of("Bearer", "Bearer not a token", "Bearer tok\u00e9n")) {
            Response response = target("whoami").request().header("Authorization", malformed).get();

            assertGuardError(response, 401, "INVALID_TOKEN");
            assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo(INVALID_TOKEN);
        }
        assertThat(authServer.introspections()).isZero();
    }

    @Test
    void twoAuthorizationHeadersAre400InvalidRequest() throws IOException, InterruptedException {
        HttpRequest twoHeaders = HttpRequest.newBuilder(target("whoami").getUri())
                .header("Authorization", "Bearer " + ScriptedAuthServer.JANE)
                .header("Authorization", "Bearer " + ScriptedAuthServer.ADA).build();

        HttpResponse<String> response = http1().send(twoHeaders, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"xiq\", error=\"invalid_request\"");
        assertThat(response.body()).contains("\"error_code\":\"MALFORMED_REQUEST\"");
        assertThat(authServer.introspections()).isZero();
    }

    @Test
    void twoCredentialsInOneHeaderAre400InvalidRequest() {
        Response response = target("whoami").request()
                .header("Authorization", "Bearer " + ScriptedAuthServer.JANE + ", Bearer " + ScriptedAuthServer.ADA).get();

        assertGuardError(response, 400, "MALFORMED_REQUEST");
        assertThat(authServer.introspections()).isZero();
    }

    @Test
    void schemeIsCaseInsensitiveAndMaySpaceTheToken() {
        Response response = target("whoami").request().header("Authorization", "bEaReR   " + ScriptedAuthServer.JANE)
                .get();

        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void roleNotAllowedIs403AccessDeniedAndTheAllowedRolePasses() {
        assertGuardError(get("admin", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");

        Response allowed = get("admin", ScriptedAuthServer.ADA);
        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.readEntity(String.class)).isEqualTo("admin");
    }

    @Test
    void anApiTokenPassesNoRoleCheckThoughItCarriesItsCreatorsRoleAndPassesTheScopesItHolds() {
        assertGuardError(get("admin", ScriptedAuthServer.ADA_API), 403, "ACCESS_DENIED");

        Response whoami = get("whoami", ScriptedAuthServer.ADA_API);
        assertThat(whoami.getStatus()).isEqualTo(200);
        assertThat(whoami.readEntity(String.class)).contains("role=Administrator").contains("administrator=false");
    }

    @Test
    void denyAllIs403EvenForAnAdministrator() {
        assertGuardError(get("nobody", ScriptedAuthServer.ADA), 403, "ACCESS_DENIED");
    }

    @Test
    void permitAllAdmitsAnyAuthenticatedCallerButNoAnonymousOne() {
        assertThat(get("anyone", ScriptedAuthServer.BOB).getStatus()).isEqualTo(200);
        assertGuardError(target("anyone").request().get(), 401, "UNAUTHENTICATED");
    }

    @Test
    void missingPermissionIs403AccessDeniedAndTheHolderPasses() {
        assertGuardError(get("inventory", ScriptedAuthServer.BOB), 403, "ACCESS_DENIED");

        assertThat(get("inventory", ScriptedAuthServer.JANE).readEntity(String.class)).isEqualTo("inventory");
    }

    @Test
    void methodRequiresTheClassesPermissionsAndItsOwn() {
        assertThat(get("fleet", ScriptedAuthServer.JANE).getStatus()).as("device:read, the class's").isEqualTo(200);
        assertGuardError(get("fleet/reboot", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");
        assertGuardError(get("fleet/reboot", ScriptedAuthServer.BOB), 403, "ACCESS_DENIED");
        assertThat(get("fleet/reboot", ScriptedAuthServer.ADA).readEntity(String.class)).isEqualTo("rebooted");
    }

    @Test
    void permissionsOnTheInterfaceMethodAResourceImplementsAreEnforced() {
        assertGuardError(get("firmware", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");
        assertThat(get("firmware", ScriptedAuthServer.BOB).readEntity(String.class)).isEqualTo("upgraded");
    }

    @Test
    void requiresAnyPermissionAdmitsATokenWithOneOfThemAndAllOfComposesWithIt() {
        assertThat(get("devices", ScriptedAuthServer.JANE).readEntity(String.class)).as("device:read is one")
                .isEqualTo("devices");
        assertThat(get("devices", ScriptedAuthServer.ADA).getStatus()).isEqualTo(200);
        assertGuardError(get("devices", ScriptedAuthServer.BOB), 403, "ACCESS_DENIED");
        assertGuardError(get("devices/both", ScriptedAuthServer.JANE), 403, "ACCESS_DENIED");
        assertGuardError(get("devices/both", ScriptedAuthServer.BOB), 403, "ACCESS_DENIED");
        assertThat(get("devices/both", ScriptedAuthServer.ADA).readEntity(String.class)).isEqualTo("both");
    }

    @Test
    void theServiceOverItsOwnQuotaIs503WithTheServersRetryAfterNotTheCallers429() {
        Response response = get("whoami", ScriptedAuthServer.THROTTLED);

        assertGuardError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("30");
        assertThat(response.getHeaderString("RateLimit-Limit")).as("the service's quota is no caller's business")
                .isNull();
    }


    @Test
    void unreachableServerIs503AndTheRequestDoesNotRun() {
        authServer.close();

        Response response = get("whoami", ScriptedAuthServer.JANE);

        assertGuardError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @Test
    void serverSlowerThanTheTimeoutIs503AfterTheTimeout() {
        long started = System.nanoTime();

        Response response = get("whoami", ScriptedAuthServer.SLOW);

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertGuardError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.multipliedBy(4));
    }

    @Test
    void failingServerIs503() {
        Response response = get("whoami", ScriptedAuthServer.FAILING);

        assertGuardError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @Test
    void unavailableServerIs503WithItsRetryAfter() {
        Response response = get("whoami", ScriptedAuthServer.BUSY);

        assertGuardError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("9");
    }

    @Test
    void answerThatDoesNotNameTheUserIs503NotAPass() {
        assertGuardError(get("admin", ScriptedAuthServer.GARBLED), 503, "SERVICE_UNAVAILABLE");
    }

    @Test
    void redirectIsNotFollowedSoTheTokenGoesNowhereElse() {
        assertGuardError(get("admin", ScriptedAuthServer.REDIRECTED), 503, "SERVICE_UNAVAILABLE");

        assertThat(authServer.followedRedirects()).isEmpty();
    }

    @Test
    void withoutCacheEveryRequestAsksTheServer() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("whoami", ScriptedAuthServer.JANE).getStatus()).isEqualTo(200);
        }

        assertThat(authServer.introspections()).isEqualTo(3);
    }

    @Test
    void eachRefusalHasAFreshErrorIdThatIsLogged() {
        try (CapturedLogs logs = new CapturedLogs()) {
            XiqError first = assertGuardError(target("whoami").request().get(), 401, "UNAUTHENTICATED");
            XiqError second = assertGuardError(target("whoami").request().get(), 401, "UNAUTHENTICATED");

            assertThat(first.getErrorId()).isNotEqualTo(second.getErrorId());
            assertThat(logs.text()).contains("error_id=" + first.getErrorId() + " status=401 error_code=UNAUTHENTICATED")
                    .contains("error_id=" + second.getErrorId());
        }
    }

    @Test
    void noTokenEverAppearsInTheLogs() throws IOException, InterruptedException {
        List<String> tokens = List.of(ScriptedAuthServer.JANE, ScriptedAuthServer.ADA, ScriptedAuthServer.BOB,
                ScriptedAuthServer.THROTTLED, ScriptedAuthServer.FAILING, ScriptedAuthServer.BUSY,
                ScriptedAuthServer.SLOW, ScriptedAuthServer.GARBLED, "revoked.or.forged");
        try (CapturedLogs logs = new CapturedLogs()) {
            for (String token : tokens) {
                get("admin", token);
                get("inventory", token);
            }
            target("whoami").request().header("Authorization", "Bearer not.a token").get();
            target("whoami").request().header("Authorization", "Bearer a.token, Bearer b.token").get();
            http1().send(HttpRequest.newBuilder(target("whoami").getUri())
                    .header("Authorization", "Bearer first.token").header("Authorization", "Bearer second.token")
                    .build(), HttpResponse.BodyHandlers.discarding());
            authServer.close();
            get("whoami", ScriptedAuthServer.JANE);

            assertThat(logs.lines()).as("every refusal was logged").hasSizeGreaterThanOrEqualTo(19);
            for (String token : List.of("jane.token", "ada.token", "bob.token", "throttled.token", "failing.token",
                    "busy.token", "slow.token", "garbled.token", "revoked.or.forged", "not.a", "a.token", "b.token",
                    "first.token", "second.token")) {
                assertThat(logs.text()).doesNotContain(token);
            }
        }
    }
}
