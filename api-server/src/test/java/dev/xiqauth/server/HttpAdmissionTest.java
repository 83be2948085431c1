package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.http.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HTTP layer admits: no more requests at once than it may hold (each with its body
 * buffered), and, once a stop has begun, no new request on connections that are still open, while
 * the requests already in progress finish.
 */
final class HttpAdmissionTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "admission-controlled passphrase";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private RunningServer start(HttpLimits limits, Duration grace) throws IOException {
        ServerSettings settings = TestServers.settings(StoreSettings.embedded(dataDir), 0, null);
        settings = settings.withHttp(settings.http().withLimits(limits).withShutdownGrace(grace));
        return CompositionRoot.start(settings, new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void requestsBeyondTheMostHeldAtOnceAreAnswered503AtOnce() throws Exception {
        try (RunningServer server = start(HttpLimits.DEFAULTS.withMaxRequestsInProgress(3), Duration.ofSeconds(5))) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    stalled.add(stalledLogin(server));
                }
                Thread.sleep(200);
                RawHttp.Exchange refused = RawHttp.exchange(server.baseUri(), "127.0.0.1", login(),
                        Duration.ofSeconds(3), "POST", "/login");

                assertThat(refused.replies()).singleElement().satisfies(reply -> {
                    assertThat(reply.status()).isEqualTo(503);
                    assertThat(reply.headers().get("Retry-After")).containsExactly("1");
                    assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
                });
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
            Thread.sleep(200);
            RawHttp.Exchange admitted = RawHttp.exchange(server.baseUri(), "127.0.0.1", login(), Duration.ofSeconds(3),
                    "POST", "/login");
            assertThat(admitted.replies()).singleElement().satisfies(reply -> assertThat(reply.status()).isEqualTo(200));
        }
    }

    /**
     * A client beyond its limit of requests in progress is refused slowly, so that a client retrying at once on
     * every 503 (as the benchmark's 50 retrying clients from one address did) costs one refusal a second per
     * connection instead of taking the core from everyone else; another client is served at once meanwhile.
     */
    @Test
    void aClientBeyondItsLimitIsRefusedAfterADelayWhileAnotherIsServedAtOnce() throws Exception {
        try (RunningServer server = start(HttpLimits.DEFAULTS.withMaxRequestsPerClient(2), Duration.ofSeconds(5))) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    stalled.add(stalledLogin(server, "127.0.0.71"));
                }
                Thread.sleep(200);
                long started = System.nanoTime();
                RawHttp.Exchange refused = RawHttp.exchange(server.baseUri(), "127.0.0.71", login(),
                        Duration.ofSeconds(3), "POST", "/login");
                long refusedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                started = System.nanoTime();
                RawHttp.Exchange other = RawHttp.exchange(server.baseUri(), "127.0.0.72", login(),
                        Duration.ofSeconds(3), "POST", "/login");
                long servedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                assertThat(refused.replies()).singleElement().satisfies(reply -> {
                    assertThat(reply.status()).isEqualTo(503);
                    assertThat(reply.headers().get("Retry-After")).containsExactly("1");
                    assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
                });
                assertThat(refusedAfterMillis).as("the refusal was held").isGreaterThanOrEqualTo(900);
                assertThat(other.replies()).singleElement().satisfies(reply -> assertThat(reply.status()).isEqualTo(200));
                assertThat(servedAfterMillis).as("another client is not held").isLessThan(900);
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aStopLetsTheRequestInProgressFinishAndRefusesNewOnesOnOpenConnections() throws Exception {
        RunningServer server = start(HttpLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Duration.ofSeconds(20));
        Socket inProgress = stalledLogin(server);
        Socket keptAlive = connect(server);
        try {
            keptAlive.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            keptAlive.setSoTimeout(5_000);
            assertThat(new String(keptAlive.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.1 200");
            keptAlive.getInputStream().skip(keptAlive.getInputStream().available());
            Thread.sleep(200);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
            Thread.sleep(500);
            keptAlive.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String refused = new String(keptAlive.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(refused).as("a new request after the stop began").startsWith("HTTP/1.1 503")
                    .contains("Retry-After: 1").contains("\"SERVICE_UNAVAILABLE\"");
            assertThat(stopped).as("the stop waits for the request in progress").isNotDone();

            byte[] rest = loginBody().substring(1).getBytes(StandardCharsets.ISO_8859_1);
            inProgress.getOutputStream().write(rest);
            inProgress.setSoTimeout(10_000);
            String answered = new String(inProgress.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answered).as("the request in progress is served").startsWith("HTTP/1.1 200")
                    .contains("\"access_token\"");
            stopped.get(15, TimeUnit.SECONDS);
        } finally {
            inProgress.close();
            keptAlive.close();
        }
    }

    private static String loginBody() {
        return JSON.createObjectNode().put("username", USER).put("password", PASSWORD).toString();
    }

    private static byte[] login() {
        String body = loginBody();
        return ("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A login whose headers and first body byte are sent, the rest held back. */
    private static Socket stalledLogin(RunningServer server) throws IOException {
        return stalledLogin(server, "127.0.0.1");
    }

    private static Socket stalledLogin(RunningServer server, String fromAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(fromAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        String body = loginBody();
        socket.getOutputStream().write(("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.charAt(0))
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private static Socket connect(RunningServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return socket;
    }
}
