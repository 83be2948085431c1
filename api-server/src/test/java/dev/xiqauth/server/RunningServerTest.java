package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.XiqAuthClient;
import dev.xiqauth.client.XiqAuthException;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.XiqSession;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as {@code main} starts it, over real HTTP: the requests XIQ's own Python SDK sends, the
 * generated Java client, the first user, and a restart on the same data directory.
 */
final class RunningServerTest {
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "a long and private passphrase");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path dataDir;

    private ServerSettings settings(int port) {
        return TestServers.settings(StoreSettings.embedded(dataDir), port, null);
    }

    private RunningServer start(Map<String, String> environment) throws IOException {
        ServerSettings settings = settings(0);
        return CompositionRoot.start(settings, new Secrets(environment), Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sdkLogin(RunningServer server, String username, String password)
            throws IOException, InterruptedException {
        // Exactly what XIQ's Python SDK sends: sorted keys, these three headers and no others of note.
        String body = "{\"password\":\"" + password + "\",\"username\":\"" + username + "\"}";
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("login"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Accept-Encoding", "identity")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sdkLogout(RunningServer server, String token) throws IOException, InterruptedException {
        // No body, Content-Length: 0, and neither Content-Type nor Accept.
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenOf(HttpResponse<String> login) throws IOException {
        return JSON.readTree(login.body()).get("access_token").asText();
    }

    @Test
    void xiqPythonSdkRequestsLogInAndOut() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            HttpResponse<String> login = sdkLogin(server, "ops@example.com", "a long and private passphrase");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().allValues("Content-Type")).containsExactly("application/json");
            JsonNode body = JSON.readTree(login.body());
            assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").asInt()).isEqualTo(86_400);

            HttpResponse<String> logout = sdkLogout(server, tokenOf(login));
            assertThat(logout.statusCode()).isEqualTo(200);
            assertThat(logout.body()).isEmpty();

            HttpResponse<String> again = sdkLogout(server, tokenOf(login));
            assertThat(again.statusCode()).isEqualTo(401);
            assertThat(again.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(JSON.readTree(again.body()).get("error_code").asText()).isEqualTo("INVALID_TOKEN");
        }
    }

    @Test
    void logoutDeclaringABodyOverTheLimitIs413AndRevokesNothing() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            String token = tokenOf(sdkLogin(server, "ops@example.com", "a long and private passphrase"));

            HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(64 * 1024 + 1))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(tooLarge.body()).get("error_code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(sdkLogout(server, token).statusCode()).as("the token was not revoked").isEqualTo(200);
        }
    }

    @Test
    void javaClientLogsInAndOutOverHttp() throws Exception {
        try (RunningServer server = start(BOOTSTRAP);
                XiqAuthClient xiq = XiqAuthClient.create(server.baseUri())) {
            String token;
            try (XiqSession session = xiq.login("ops@example.com", "a long and private passphrase")) {
                token = session.accessToken();
                assertThat(session.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
            }
            ApiClient stale = new ApiClient();
            stale.setBasePath(server.baseUri().toString().replaceAll("/$", ""));
            stale.setBearerToken(token);
            ApiException failure = Assertions.catchThrowableOfType(ApiException.class,
                    () -> new AuthenticationApi(stale).logout());
            assertThat(failure.getCode()).as("closing the session revoked the token").isEqualTo(401);

            XiqAuthException refused = Assertions.catchThrowableOfType(XiqAuthException.class,
                    () -> xiq.login("ops@example.com", "not the passphrase"));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.error()).hasValueSatisfying(error -> {
                assertThat(error.getErrorCode()).isEqualTo("INVALID_CREDENTIALS");
                assertThat(refused.getMessage()).contains(error.getErrorId());
            });
        }
    }


    @Test
    void tokenIssuerDefaultsToTheUrlOfTheBoundPort() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            String token = tokenOf(sdkLogin(server, "ops@example.com", "a long and private passphrase"));

            assertThat(server.port()).isPositive();
            assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:" + server.port());
        }
    }

    @Test
    void tokensStayValidAcrossARestartOnTheSameDataDirectory() throws Exception {
        String token;
        int port;
        try (RunningServer first = start(BOOTSTRAP)) {
            token = tokenOf(sdkLogin(first, "ops@example.com", "a long and private passphrase"));
            port = first.port();
        }
        try (RunningServer second = CompositionRoot.start(settings(port), new Secrets(BOOTSTRAP), Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            assertThat(sdkLogout(second, token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void firstStartWithoutCredentialsCreatesAdminWithAPasswordShownOnce() throws Exception {
        try (RunningServer server = start(Map.of())) {
            Matcher shown = Pattern.compile("Created the first user 'admin' with the password: (\\S+)")
                    .matcher(console.toString(StandardCharsets.UTF_8));
            assertThat(shown.find()).as("console: %s", console).isTrue();

            assertThat(sdkLogin(server, "admin", shown.group(1)).statusCode()).isEqualTo(200);
            assertThat(sdkLogin(server, "admin", "admin").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void errorsOutsideAnyOperationAreXiqErrorsToo() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUri().resolve("admin/secrets"))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(JSON.readTree(response.body()).get("error_code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void generatedClientSurfacesRefusedLoginAsTypedError() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            ApiClient client = new ApiClient();
            client.setBasePath(server.baseUri().toString().replaceAll("/$", ""));
            ApiException failure = Assertions.catchThrowableOfType(ApiException.class,
                    () -> new AuthenticationApi(client).login(new XiqLoginRequest("ops@example.com", "wrong")));

            assertThat(failure.getCode()).isEqualTo(401);
            assertThat(XiqErrors.of(failure)).get()
                    .extracting(error -> error.getErrorCode()).isEqualTo("INVALID_CREDENTIALS");
        }
    }


    @Test
    void twoAuthorizationHeaderLinesAreAnInvalidRequest() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            String token = tokenOf(sdkLogin(server, "ops@example.com", "a long and private passphrase"));
            // A raw request: Java's clients fold two lines of one header into one.
            AdversarialRequestsTest.Reply reply = RawHttp.send(server.baseUri(), "POST", "logout",
                    Map.of("Authorization", List.of("Bearer " + token, "Bearer " + token)), new byte[0]);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.headers().get("WWW-Authenticate")).singleElement().asString()
                    .contains("error=\"invalid_request\"");
            assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("MALFORMED_REQUEST");
            assertThat(sdkLogout(server, token).statusCode()).as("the token was not revoked").isEqualTo(200);
        }
    }

    @Test
    void loginWithoutAnyContentTypeHeaderIs415XiqError() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            // A raw request: Java's clients add a Content-Type to any body they send.
            AdversarialRequestsTest.Reply reply = RawHttp.send(server.baseUri(), "POST", "login", Map.of(),
                    "{\"username\":\"ops@example.com\",\"password\":\"a long and private passphrase\"}"
                            .getBytes(StandardCharsets.UTF_8));

            assertThat(reply.status()).isEqualTo(415);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void usernameThatGrowsWhenLowerCasedIsAnOrdinaryFailureNotA500() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            HttpResponse<String> response = sdkLogin(server, "\u0130".repeat(320), "x");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        }
    }

    @Test
    void requestsTheHttpCodecRefusesGetAnXiqErrorToo() throws Exception {
        try (RunningServer server = start(BOOTSTRAP)) {
            HttpResponse<String> oversized = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                    .header("Authorization", "Bearer " + "a".repeat(20_000))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> getWithBody = http.send(HttpRequest.newBuilder(server.baseUri().resolve("login"))
                    .method("GET", HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            for (HttpResponse<String> response : List.of(oversized, getWithBody)) {
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
                assertThat(JSON.readTree(response.body()).get("error_code").asText()).isEqualTo("MALFORMED_REQUEST");
                assertThat(JSON.readTree(response.body()).get("error_id").asText()).matches("[0-9a-f]{32}");
            }
        }
    }
}
