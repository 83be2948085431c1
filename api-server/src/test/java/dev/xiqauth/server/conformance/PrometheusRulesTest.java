package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.xiqauth.server.CompositionRoot;
import dev.xiqauth.server.RunningServer;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring the repository ships ({@code ops/prometheus}, {@code ops/grafana}) with real parts: promtool
 * checks the rules and runs their unit tests, and a real Prometheus scrapes a running server, evaluates the
 * recording rules, and its query API returns every series that the rules and the dashboard use. Needs
 * Debian's {@code prometheus} package (which brings promtool); skipped without it, except in CI.
 */
final class PrometheusRulesTest {
    private static final Path OPS = ContractFiles.repositoryRoot().resolve("ops");
    private static final Path RULES = OPS.resolve("prometheus/rules.yaml");
    private static final Path DASHBOARD = OPS.resolve("grafana/xiq-auth-dashboard.json");
    /** Metric names in PromQL: the server's own, the JVM's and the process's, and up. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:xiq_auth|jvm|process|hikaricp)_[a-z_]+|up)\\b(?![:(])");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        NodeTools.requireCommand("promtool");

        NodeTools.Run checked = NodeTools.run(List.of("promtool", "check", "rules", RULES.toString()), Map.of(),
                OPS.resolve("prometheus"));
        NodeTools.Run tested = NodeTools.run(List.of("promtool", "test", "rules", "tests/rules.test.yaml"), Map.of(),
                OPS.resolve("prometheus"));

        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("SUCCESS");
    }

    @Test
    void aRealPrometheusScrapesTheServerAndHasEverySeriesTheRulesAndTheDashboardUse() throws Exception {
        NodeTools.requireCommand("prometheus");
        try (RunningServer server = CompositionRoot.start(TestServers.withOperationsPort(TestServers.settings(
                StoreSettings.embedded(dir.resolve("data")), 0, null)), new Secrets(Map.of(
                        "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com", "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                        "a monitored passphrase")), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(server.baseUri().resolve("login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"ops@example.com\",\"password\":\"a monitored passphrase\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            int prometheusPort = freePort();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: xiq-auth
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(RULES, server.operationsPort()));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/");

                JsonNode up = awaitResult(api, "up{job=\"xiq-auth\"} == 1", Duration.ofSeconds(60));
                assertThat(up).as("Prometheus scrapes the server").hasSize(1);
                JsonNode logins = awaitResult(api, "xiq_auth_logins_total{outcome=\"success\"} > 0",
                        Duration.ofSeconds(10));
                assertThat(logins).as("the login counted").hasSize(1);
                assertThat(awaitResult(api, "job:xiq_auth_logins:rate5m", Duration.ofSeconds(20)))
                        .as("a recording rule evaluated").isNotEmpty();
                JsonNode rules = get(api.resolve("rules"));
                assertThat(rules.path("data").path("groups").findValues("health"))
                        .as("every rule evaluates without error").allMatch(health -> health.asText().equals("ok"));
                for (String metric : metricsUsed()) {
                    assertThat(awaitResult(api, "count({__name__=\"" + metric + "\"})", Duration.ofSeconds(5)))
                            .as("the series %s, which the rules or the dashboard use", metric).isNotEmpty();
                }
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** @return the metrics that the rules and the dashboard query (recording rules' own names left out) */
    private static Set<String> metricsUsed() throws IOException {
        List<JsonNode> expressions = new ArrayList<>(new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile())
                .findValues("expr"));
        expressions.addAll(JSON.readTree(DASHBOARD.toFile()).findValues("expr"));
        Set<String> metrics = new TreeSet<>();
        for (JsonNode expression : expressions) {
            Matcher matcher = METRIC.matcher(expression.asText());
            while (matcher.find()) {
                metrics.add(matcher.group(1));
            }
        }
        assertThat(metrics).as("the metrics found in the rules and the dashboard").contains("xiq_auth_logins_total",
                "xiq_auth_requests_seconds_bucket", "up");
        return metrics;
    }

    private JsonNode awaitResult(URI api, String query, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode result = JSON.createArrayNode();
        while (System.nanoTime() < deadline) {
            try {
                result = get(api.resolve("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .path("data").path("result");
                if (result.size() > 0) {
                    return result;
                }
            } catch (IOException notYet) {
                // Prometheus is still starting.
            }
            Thread.sleep(250);
        }
        return result;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
