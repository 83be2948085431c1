package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ContractFiles;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.ops.RequestLogFilter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The endpoints outside the XIQ contract, on a running server: {@code /metrics}, {@code /health},
 * {@code /openapi.yaml} and {@code /docs}, none of which needs a token, and the request log.
 */
final class OperationsEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ops.viewer@example.com";
    private static final String PASSWORD = "metrics are not secrets";

    @TempDir
    Path dataDir;

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, USER, PASSWORD);
    private final Logger accessLogger = (Logger) LoggerFactory.getLogger(RequestLogFilter.LOGGER);
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeEach
    void captureAccessLog() {
        accessLog.start();
        accessLogger.addAppender(accessLog);
        accessLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseAccessLog() {
        accessLogger.detachAppender(accessLog);
        accessLogger.setLevel(null);
    }

    private RunningServer start(ServerSettings settings) throws Exception {
        return CompositionRoot.start(settings, new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private ServerSettings settings() {
        return TestServers.settings(StoreSettings.embedded(dataDir), 0, null);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }


    private HttpResponse<String> logout(URI base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI on(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + path);
    }

    @Test
    void metricsCountLoginsLogoutsTokenChecksLatenciesStoreAndJvm() throws Exception {
        try (RunningServer server = start(settings())) {
            String token = logins.token(server.baseUri());
            assertThat(logins.attempt(server.baseUri(), "not the password").statusCode()).isEqualTo(401);
            assertThat(logout(server.baseUri(), token).statusCode()).isEqualTo(200);
            assertThat(logout(server.baseUri(), token).statusCode()).isEqualTo(401);

            HttpResponse<String> metrics = get(server.baseUri().resolve("metrics"));

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
            assertThat(metrics.body()).contains(
                    "xiq_auth_logins_total{outcome=\"success\",reason=\"none\"} 1.0",
                    "xiq_auth_logins_total{outcome=\"failure\",reason=\"invalid_credentials\"} 1.0",
                    "xiq_auth_logins_total{outcome=\"failure\",reason=\"throttled\"} 0.0",
                    "xiq_auth_logouts_total 1.0",
                    "xiq_auth_token_verifications_total{result=\"valid\"} 1.0",
                    "xiq_auth_token_verifications_total{result=\"revoked\"} 1.0",
                    "xiq_auth_requests_seconds_bucket{method=\"POST\",operation=\"login\",status=\"200\",le=\"0.25\"}",
                    "xiq_auth_requests_seconds_count{method=\"POST\",operation=\"logout\",status=\"401\"} 1",
                    "xiq_auth_hash_queue_depth 0.0",
                    "xiq_auth_store_operations_seconds_count{operation=\"revoke\",outcome=\"success\"} 1",
                    "hikaricp_connections_active{pool=\"xiq-auth-store\"}",
                    "jvm_memory_used_bytes{area=\"heap\"",
                    "jvm_gc_",
                    "process_uptime_seconds");
            assertThat(metrics.body()).doesNotContain(USER).doesNotContain(token);
        }
    }

    @Test
    void healthIsLiveAndReadyWithoutAToken() throws Exception {
        try (RunningServer server = start(settings())) {
            HttpResponse<String> live = get(server.baseUri().resolve("health/live"));
            HttpResponse<String> ready = get(server.baseUri().resolve("health/ready"));

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void anOperationsPortOfTheirOwnTakesMetricsAndHealthOffTheApiPort() throws Exception {
        try (RunningServer server = start(TestServers.withOperationsPort(settings()))) {
            assertThat(server.operationsPort()).isNotEqualTo(server.port());

            assertThat(get(on(server.operationsPort(), "metrics")).body()).contains("xiq_auth_hash_queue_depth");
            assertThat(get(on(server.operationsPort(), "health/ready")).statusCode()).isEqualTo(200);
            assertThat(get(on(server.operationsPort(), "login")).statusCode()).isEqualTo(404);
            HttpResponse<String> metricsOnApiPort = get(server.baseUri().resolve("metrics"));
            assertThat(metricsOnApiPort.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(metricsOnApiPort.body()).get("error_code").asText()).isEqualTo("NOT_FOUND");
            assertThat(get(server.baseUri().resolve("health/live")).statusCode()).isEqualTo(404);
            assertThat(logins.attempt(server.baseUri(), PASSWORD).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void openapiYamlIsTheContractTheServerWasBuiltFromByteForByte() throws Exception {
        try (RunningServer server = start(settings())) {
            HttpResponse<byte[]> contract = http.send(HttpRequest.newBuilder(server.baseUri().resolve("openapi.yaml"))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(contract.statusCode()).isEqualTo(200);
            assertThat(contract.headers().firstValue("Content-Type")).hasValue("application/yaml");
            assertThat(contract.body()).isEqualTo(Files.readAllBytes(ContractFiles.spec()));
        }
    }

    @Test
    void docsServeSwaggerUiFromTheJarAndNothingElse() throws Exception {
        try (RunningServer server = start(settings())) {
            HttpResponse<String> page = get(server.baseUri().resolve("docs"));
            HttpResponse<String> bundle = get(server.baseUri().resolve("docs/swagger-ui-bundle.js"));
            HttpResponse<String> initializer = get(server.baseUri().resolve("docs/swagger-initializer.js"));
            HttpResponse<String> notServed = get(server.baseUri().resolve("docs/pom.properties"));
            HttpResponse<String> slash = get(server.baseUri().resolve("docs/"));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'").contains("script-src 'self'"));
            assertThat(page.body()).contains("docs/swagger-ui-bundle.js").doesNotContain("https://");
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.body()).contains("SwaggerUIBundle");
            assertThat(initializer.body()).contains("openapi.yaml").contains("validatorUrl: null");
            assertThat(notServed.statusCode()).isEqualTo(404);
            assertThat(slash.statusCode()).isEqualTo(301);
            assertThat(slash.headers().firstValue("Location").map(server.baseUri().resolve("docs/")::resolve))
                    .hasValue(server.baseUri().resolve("docs"));
        }
    }

    @Test
    void atTheDefaultLevelOnlyTheRequestsAnsweredWithAnErrorAreLogged() throws Exception {
        accessLogger.setLevel(Level.INFO);
        JsonNode failure;
        try (RunningServer server = start(settings())) {
            logout(server.baseUri(), logins.token(server.baseUri()));
            failure = JSON.readTree(logins.attempt(server.baseUri(), "wrong " + PASSWORD).body());
        }

        assertThat(accessLog.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).matches("method=POST path=\"/login\" operation=login status=401 "
                    + "duration_ms=\\d+\\.\\d{3} error_id=" + failure.get("error_id").asText());
        });
    }

    @Test
    void everyRequestIsLoggedOnceWithStatusDurationAndErrorIdButNoSecrets() throws Exception {
        String token;
        JsonNode failure;
        try (RunningServer server = start(settings())) {
            token = logins.token(server.baseUri());
            failure = JSON.readTree(logins.attempt(server.baseUri(), "wrong " + PASSWORD).body());
            logout(server.baseUri(), token);
        }

        List<String> lines = accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("method=POST path=\"/login\" operation=login status=200 "
                + "duration_ms=\\d+\\.\\d{3} error_id=-");
        assertThat(lines.get(1)).matches("method=POST path=\"/login\" operation=login status=401 "
                + "duration_ms=\\d+\\.\\d{3} error_id=" + failure.get("error_id").asText());
        assertThat(lines.get(2)).startsWith("method=POST path=\"/logout\" operation=logout status=200 ");
        assertThat(String.join("\n", lines)).doesNotContain(PASSWORD).doesNotContain(USER).doesNotContain(token);
    }
}
