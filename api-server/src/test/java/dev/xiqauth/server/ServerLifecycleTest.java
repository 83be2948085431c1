package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it, in a JVM of its own: its settings from flags, the environment,
 * a config file and defaults, in that order; its logs as JSON lines; and its stop on SIGTERM, which
 * lets a request in flight finish.
 */
final class ServerLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "lifecycle@example.com";
    private static final String PASSWORD = "a lifecycle passphrase";
    private static final Map<String, String> BOOTSTRAP = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD);

    @TempDir
    Path dir;

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();

    private static String loginBody() {
        return "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private HttpResponse<String> login(URI base) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void settingsComeFromFlagsThenEnvironmentThenConfigFileThenDefaultsAndLogsAreJsonLines() throws Exception {
        Path config = dir.resolve("xiq-auth.properties");
        Files.writeString(config, String.join("\n", "# the operator's file", "log-format = json",
                "token-lifetime = 100", "realm = from-file", "rate-limit-hour = 42", "request-log = all", ""));
        Map<String, String> environment = new HashMap<>(BOOTSTRAP);
        environment.put("XIQ_AUTH_CONFIG", config.toString());
        environment.put("XIQ_AUTH_TOKEN_LIFETIME", "200");
        environment.put("XIQ_AUTH_REALM", "from-env");

        String token;
        List<String> output;
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), environment, "--realm", "from-flag")) {
            HttpResponse<String> login = login(server.baseUri());
            JsonNode issued = JSON.readTree(login.body());
            token = issued.get("access_token").asText();
            HttpResponse<String> logout = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> introspected = http.send(HttpRequest.newBuilder(server.baseUri()
                    .resolve("auth/apitoken/info")).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> loggedOut = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(issued.get("expires_in").asInt()).as("the environment beats the file").isEqualTo(200);
            assertThat(logout.headers().firstValue("WWW-Authenticate")).as("a flag beats the environment")
                    .hasValue("Bearer realm=\"from-flag\"");
            assertThat(loggedOut.statusCode()).isEqualTo(200);
            assertThat(introspected.headers().firstValue("RateLimit-Limit")).as("the file beats the default")
                    .hasValueSatisfying(limit -> assertThat(limit).startsWith("42"));
            assertThat(server.terminate()).as("SIGTERM is a clean stop: exit status 0, not the JVM's 143").isZero();
            output = server.output();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : output) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).as("every line is a JSON object").allSatisfy(line -> {
            assertThat(line.isObject()).isTrue();
            assertThat(line.has("level")).isTrue();
            assertThat(line.has("formattedMessage")).isTrue();
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("loggerName").asText()).isEqualTo("xiq.access");
            assertThat(line.get("formattedMessage").asText()).startsWith("method=POST path=\"/login\" operation=login "
                    + "status=200 duration_ms=");
        });
        assertThat(String.join("\n", output)).doesNotContain(PASSWORD).doesNotContain(token);
    }

    @Test
    void sigtermStopsAcceptingLetsTheRequestInFlightFinishAndStops() throws Exception {
        byte[] body = loginBody().getBytes(StandardCharsets.UTF_8);
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), BOOTSTRAP, "--shutdown-grace", "20")) {
            URI base = server.baseUri();
            try (Socket inFlight = new Socket(base.getHost(), base.getPort())) {
                inFlight.setSoTimeout(30_000);
                OutputStream out = inFlight.getOutputStream();
                out.write(("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
                // The server has the request and waits for the rest of its body when SIGTERM comes.
                Thread.sleep(500);
                CompletableFuture<Integer> exitCode = new CompletableFuture<>();
                Thread terminate = new Thread(() -> {
                    try {
                        exitCode.complete(server.terminate());
                    } catch (InterruptedException | RuntimeException | AssertionError e) {
                        exitCode.completeExceptionally(e);
                    }
                });
                terminate.start();
                awaitRefused(base);

                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String response = read(inFlight.getInputStream());

                assertThat(response).as("the server's log: %s", server.output()).startsWith("HTTP/1.1 200")
                        .contains("\"access_token\"");
                int code = exitCode.get(30, TimeUnit.SECONDS);
                assertThat(code).isIn(0, 143);
                assertThat(server.output()).anyMatch(line -> line.contains("shutting down"))
                        .anyMatch(line -> line.contains("stopped"));
            }
        }
    }

    /** Waits until new connections are refused: the server stopped accepting. */
    private static void awaitRefused(URI base) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(base.getHost(), base.getPort())) {
                Thread.sleep(50);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(50);
            }
        }
        assertThatThrownBy(() -> new Socket(base.getHost(), base.getPort()).close())
                .as("new connections are refused once SIGTERM arrived").isInstanceOf(ConnectException.class);
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
