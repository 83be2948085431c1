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
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.http.HttpLimits;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer under attack, over real sockets against a running server: slow and stalled bodies
 * and heads, idle connections, too many connections from one address, clients hanging up mid-body,
 * and requests whose framing is in doubt. Well-behaved clients keep being served throughout, and
 * nothing a client sends produces a 500 or an ERROR log line. Attackers speak from other loopback
 * addresses (127.0.0.2 and up) than the well-behaved client (127.0.0.1).
 */
final class HttpHardeningTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "slow-client resistant passphrase";
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(3);
    private static final int CONNECTIONS_PER_CLIENT = 30;
    /** How long a well-behaved request may take while an attack goes on: far beyond what it needs. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static RunningServer server;
    private static final ListAppender<ILoggingEvent> ERRORS = new ListAppender<>();
    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, USER, PASSWORD);

    @BeforeAll
    static void start() throws IOException {
        ERRORS.start();
        ROOT.addAppender(ERRORS);
        ServerSettings settings = TestServers.settings(StoreSettings.embedded(dataDir), 0, null);
        settings = settings.withHttp(settings.http().withLimits(HttpLimits.DEFAULTS.withTimeouts(HEAD_TIMEOUT,
                BODY_TIMEOUT).withKeepAliveIdle(KEEP_ALIVE).withMaxConnectionsPerClient(CONNECTIONS_PER_CLIENT)));
        server = CompositionRoot.start(settings, new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
        ROOT.detachAppender(ERRORS);
        assertThat(ERRORS.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage)).as("ERROR lines caused by clients").isEmpty();
    }

    @Test
    void slowBodiesAreAnswered408AndClosedWhileOthersAreServed() throws Exception {
        List<Socket> attackers = openFrom(10, 25, "POST /login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
        try {
            long attackEnds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < attackEnds) {
                trickle(attackers);
                assertWellBehavedClientIsServed();
            }
            List<String> outcomes = outcomesOf(attackers, BODY_TIMEOUT.plusSeconds(3));
            assertThat(outcomes).as("every stalled upload is ended by the server").allMatch(
                    outcome -> outcome.startsWith("closed")).anyMatch(outcome -> outcome.contains("408"));
            assertThat(outcomes).filteredOn(outcome -> outcome.contains("HTTP/")).allMatch(
                    outcome -> outcome.contains("HTTP/1.1 408") && outcome.contains("\"REQUEST_TIMEOUT\""));
        } finally {
            closeAll(attackers);
        }
    }

    @Test
    void slowHeadsAreClosedWhileOthersAreServed() throws Exception {
        List<Socket> attackers = openFrom(5, 20, "P");
        try {
            long attackEnds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < attackEnds) {
                trickle(attackers);
                assertWellBehavedClientIsServed();
            }
            assertThat(outcomesOf(attackers, HEAD_TIMEOUT.plusSeconds(2))).as("heads that never end").allMatch(
                    outcome -> outcome.startsWith("closed"));
        } finally {
            closeAll(attackers);
        }
    }

    @Test
    void aRequestWithAnUpgradeHeaderKeepsItsFramingAndIsAnsweredAtOnce() throws Exception {
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.40", ("POST /login HTTP/1.1\r\n"
                + "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1), ANSWER_WITHIN, "POST", "/login");

        assertThat(exchange.replies()).singleElement().satisfies(reply -> assertThat(reply.status()).isEqualTo(400));
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        try (Socket socket = connectFrom("127.0.0.41")) {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(Math.toIntExact(KEEP_ALIVE.plusSeconds(3).toMillis()));
            String answered = readUntilClosed(socket.getInputStream());

            assertThat(answered).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        }
    }

    @Test
    void connectionsBeyondTheLimitPerAddressAreClosedAtOnceAndTheCountIsReleased() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS_PER_CLIENT + 5; i++) {
                sockets.add(connectFrom("127.0.0.42"));
            }
            // Quickly, all within the head timeout: connections left without a request are closed after it.
            Thread.sleep(300);
            int closed = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(20);
                try {
                    closed += socket.getInputStream().read() < 0 ? 1 : 0;
                } catch (SocketTimeoutException open) {
                    // within the limit: the server waits for a request
                } catch (SocketException reset) {
                    closed++;
                }
            }
            assertThat(closed).isEqualTo(5);
        } finally {
            closeAll(sockets);
        }
        Thread.sleep(200);
        RawHttp.Exchange again = RawHttp.exchange(server.baseUri(), "127.0.0.42",
                "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1), ANSWER_WITHIN, "GET", "/health/live");
        assertThat(again.replies()).singleElement().satisfies(reply -> assertThat(reply.status()).isEqualTo(200));
    }

    @Test
    void aClientHangingUpMidBodyIsCountedAsAnAbortNotAsAServerError() throws Exception {
        double before = metric("xiq_auth_http_client_aborts_total");
        try (Socket socket = connectFrom("127.0.0.43")) {
            socket.getOutputStream().write(("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 100\r\n\r\n{\"username\":").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Thread.sleep(100);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (metric("xiq_auth_http_client_aborts_total") <= before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(metric("xiq_auth_http_client_aborts_total")).isEqualTo(before + 1);
        assertThat(metricsText()).doesNotContain("status=\"500\"");
    }

    /** Every operation of the contract, as method and path (without its leading slash). */
    private static final List<List<String>> OPERATIONS = List.of(List.of("POST", "login"), List.of("POST", "logout"),
            List.of("POST", "auth/apitoken"), List.of("GET", "auth/apitoken/info"),
            List.of("POST", "auth/apitoken/:validate"), List.of("GET", "auth/permissions"),
            List.of("POST", "auth/permissions/:check"), List.of("POST", "oauth2/introspect"),
            List.of("GET", "oauth2/introspect/changes?view=guard-0123456789abcdef"),
            List.of("DELETE", "oauth2/introspect/changes?view=guard-0123456789abcdef"));

    /** Requests whose framing or head is in doubt, each with the one answer it must get. */
    static Stream<Arguments> doubtfulRequests() {
        String body = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String length = "Content-Length: " + body.length() + "\r\n";
        return OPERATIONS.stream().flatMap(operation -> doubtfulRequests(operation.get(0), operation.get(1), body,
                length));
    }

    private static Stream<Arguments> doubtfulRequests(String method, String path, String body, String length) {
        String target = method + " /" + path;
        return Stream.of(
                Arguments.of(target, "a header line without a colon before Content-Length", target
                        + " HTTP/1.1\r\nHost: localhost\r\nX-No-Colon\r\n" + length + "\r\n" + body, 400,
                        "MALFORMED_REQUEST"),
                Arguments.of(target, "whitespace before a colon", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length : " + body.length() + "\r\n\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "two identical Content-Length headers", target
                        + " HTTP/1.1\r\nHost: localhost\r\n" + length + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "a Content-Length past 2^31", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: 2147483648\r\n\r\n" + body, 413, "PAYLOAD_TOO_LARGE"),
                Arguments.of(target, "a negative Content-Length", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: -1\r\n\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "a negative Host port", target + " HTTP/1.1\r\nHost: localhost:-1\r\n"
                        + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "an IPv6 Host with a port that is not a number", target
                        + " HTTP/1.1\r\nHost: [::1]:x\r\n" + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "two Host headers", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Host: example.com\r\n" + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "an unknown Transfer-Encoding beside Content-Length", target
                        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n" + length + "\r\n" + body,
                        400, "MALFORMED_REQUEST"),
                Arguments.of(target, "chunked beside Content-Length", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Transfer-Encoding: chunked\r\n" + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "a transfer coding not implemented", target
                        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501,
                        "NOT_IMPLEMENTED"),
                Arguments.of(target, "an HTTP/2.0 request line", target + " HTTP/2.0\r\nHost: localhost\r\n"
                        + length + "\r\n" + body, 505, "HTTP_VERSION_NOT_SUPPORTED"),
                Arguments.of(target, "a TRACE with a body", "TRACE /" + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                // Issue #21: framing decided by the parser, whatever the order of the headers.
                Arguments.of(target, "Content-Length before chunked", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + length + "Transfer-Encoding: chunked\r\n\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "an empty Transfer-Encoding beside Content-Length", target
                        + " HTTP/1.1\r\nHost: localhost\r\n" + length + "Transfer-Encoding:\r\n\r\n" + body, 400,
                        "MALFORMED_REQUEST"),
                Arguments.of(target, "a Transfer-Encoding of a comma beside Content-Length", target
                        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: ,\r\n" + length + "\r\n" + body, 400,
                        "MALFORMED_REQUEST"),
                Arguments.of(target, "bytes between a chunk's data and its CRLF", target
                        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX\r\n0\r\n\r\n"
                        + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "bare CR line endings", target + " HTTP/1.1\rHost: localhost\r" + length
                        .replace("\r\n", "\r") + "\r" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "a NUL in a header value", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Nul: a\u0000b\r\n" + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "a CR in a header value", target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Cr: a\rb\r\n" + length + "\r\n" + body, 400, "MALFORMED_REQUEST"),
                Arguments.of(target, "Connection tokens that contradict each other", target
                        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close, keep-alive\r\n" + length + "\r\n"
                        + body, 400, "MALFORMED_REQUEST"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("doubtfulRequests")
    void aRequestWhoseFramingIsInDoubtGetsOneXiqErrorAndTheConnectionIsClosed(String operation, String what,
            String request, int status, String code) throws Exception {
        String[] methodAndPath = operation.split(" ");
        // The contract's path, without the query a request of a guard's question carries.
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.44",
                request.getBytes(StandardCharsets.ISO_8859_1), ANSWER_WITHIN, methodAndPath[0],
                methodAndPath[1].replaceFirst("\\?.*", ""));

        assertThat(exchange.replies()).as("one answer, never one for the body").singleElement().satisfies(reply -> {
            assertThat(reply.status()).isEqualTo(status);
            JsonNode error = JSON.readTree(reply.body());
            assertThat(error.get("error_code").asText()).isEqualTo(code);
            assertThat(error.get("error_id").asText()).matches("[0-9a-f]{32}");
        });
        assertThat(exchange.closed()).as("the connection is closed").isTrue();
    }

    /**
     * The request that smuggled a second one past a front end framing by {@code Content-Length} (issue #21): its
     * body, read as chunked, ends at once and leaves a request behind. One 400, and the connection closed.
     */
    @Test
    void contentLengthBeforeChunkedSmugglesNoSecondRequest() throws Exception {
        String smuggled = "0\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.47", ("POST /auth/apitoken/:validate "
                + "HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " + smuggled.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + smuggled).getBytes(StandardCharsets.ISO_8859_1),
                ANSWER_WITHIN, "POST", "/auth/apitoken/:validate");

        assertThat(exchange.replies()).singleElement().satisfies(reply -> {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("MALFORMED_REQUEST");
        });
        assertThat(exchange.closed()).isTrue();
    }

    @Test
    void aStalledLoginBodyIsAnswered408() throws Exception {
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.45", ("POST /login HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"username\":")
                .getBytes(StandardCharsets.ISO_8859_1), BODY_TIMEOUT.plusSeconds(3), "POST", "/login");

        assertThat(exchange.replies()).singleElement().satisfies(reply -> {
            assertThat(reply.status()).isEqualTo(408);
            assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("REQUEST_TIMEOUT");
        });
        assertThat(exchange.closed()).isTrue();
    }

    @ParameterizedTest(name = "{0} /{1}")
    @MethodSource("authorizationOperationsWithBodies")
    void aStalledBodyOfAnAuthorizationOperationIsAnswered408(String method, String path) throws Exception {
        String token = logins.token(server.baseUri());
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.46", (method + " /" + path
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: "
                + (path.endsWith(":validate") ? "text/plain" : path.startsWith("oauth2/")
                        ? "application/x-www-form-urlencoded" : "application/json") + "\r\nContent-Length: 10\r\n\r\n{")
                .getBytes(StandardCharsets.ISO_8859_1), BODY_TIMEOUT.plusSeconds(3), method, "/" + path);

        assertThat(exchange.replies()).singleElement().satisfies(reply -> {
            assertThat(reply.status()).isEqualTo(408);
            assertThat(JSON.readTree(reply.body()).get("error_code").asText()).isEqualTo("REQUEST_TIMEOUT");
        });
        assertThat(exchange.closed()).isTrue();
    }

    /**
     * The Authorization and Introspection operations that take a body: a GET with one is refused before it is
     * read.
     */
    static Stream<Arguments> authorizationOperationsWithBodies() {
        return OPERATIONS.stream().filter(operation -> (operation.get(1).startsWith("auth/")
                        || operation.get(1).startsWith("oauth2/"))
                        && operation.get(0).equals("POST"))
                .map(operation -> Arguments.of(operation.get(0), operation.get(1)));
    }

    @Test
    void aStalledLogoutBodyIsAnswered408() throws Exception {
        String token = logins.token(server.baseUri());
        RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.45", ("POST /logout HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Length: 10\r\n\r\n{")
                .getBytes(StandardCharsets.ISO_8859_1), BODY_TIMEOUT.plusSeconds(3), "POST", "/logout");

        assertThat(exchange.replies()).singleElement().satisfies(reply -> assertThat(reply.status()).isEqualTo(408));
        assertThat(exchange.closed()).isTrue();
        assertThat(http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout")).header("Authorization",
                "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("the stalled logout did not happen").isEqualTo(200);
    }

    /** Lines a mutation may insert: malformed, duplicated or conflicting headers. */
    private static final List<String> INSERTED_LINES = List.of("X-No-Colon", " folded-continuation", "\tX-Tab: 1",
            ": no-name", "Bad Name: v", "X-Space : v", "Host: example.com", "Host: localhost:-1", "Host: [::1]:x",
            "Transfer-Encoding: chunked", "Transfer-Encoding: xchunked", "Transfer-Encoding: gzip, chunked",
            "Content-Length: 5", "Content-Length: 2147483648", "Content-Length: -1", "Content-Length: 0x10",
            "Expect: 100-continue", "Expect: teapot", "Upgrade: websocket", "Connection: keep-alive",
            "X-Nul: a\u0000b", "X-Del: \u007f", "X-High: \u00ff\u00fe", "Authorization: Bearer a.b.c");
    private static final String BYTES_TO_WRITE = ": \t\u0000\u007fx,;\"\\/()\u0080\u00ff=?@[]{}";

    @Test
    void byteLevelMutationsOfARequestHeadGetOneXiqErrorOrAnswerAndNeverLoseTheFraming() throws Exception {
        long seed = Long.getLong("xiq.fuzz.seed", System.nanoTime());
        int requests = Integer.getInteger("xiq.fuzz.framing", 300);
        SplittableRandom random = new SplittableRandom(seed);
        // The body is itself a request: if the head's framing were lost, it would be answered too.
        String body = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        for (int i = 0; i < requests; i++) {
            List<String> lines = new ArrayList<>(List.of("POST /logout HTTP/1.1", "Host: localhost",
                    "Authorization: Bearer " + "e30.e30.sig", "Content-Type: application/json"));
            int mutations = 1 + random.nextInt(3);
            List<String> applied = new ArrayList<>();
            for (int m = 0; m < mutations; m++) {
                applied.add(mutate(lines, random));
            }
            lines.add("Content-Length: " + body.length());
            lines.add("Connection: close");
            String request = String.join("\r\n", lines) + "\r\n\r\n" + body;
            // Checked against the contract as the logout it still is, else as a request outside any operation.
            String method = lines.get(0).matches("POST /logout HTTP/\\d\\.\\d") ? "POST" : "NOT-AN-OPERATION";
            String path = "/logout";
            String context = "seed " + seed + ", request " + i + " " + applied + ": " + request.replace("\r\n", "\\r\\n");

            RawHttp.Exchange exchange = RawHttp.exchange(server.baseUri(), "127.0.0.46",
                    request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofMillis(1_500), method, path);

            assertThat(exchange.replies()).as(context).hasSize(1);
            AdversarialRequestsTest.Reply reply = exchange.replies().get(0);
            assertThat(reply.status()).as(context).isNotIn(500, 503).matches(status -> status < 500 || status == 501
                    || status == 505, "a client error, or 501/505 naming the client's request");
            JsonNode error = reply.status() >= 400 ? JSON.readTree(reply.body()) : null;
            if (error != null) {
                assertThat(error.path("error_id").asText()).as(context).matches("[0-9a-f]{32}");
            }
        }
    }

    /** @return what was done to the head's lines (all but Content-Length and Connection, added after) */
    private static String mutate(List<String> lines, SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                String line = INSERTED_LINES.get(random.nextInt(INSERTED_LINES.size()));
                lines.add(1 + random.nextInt(lines.size()), line);
                return "inserted " + line;
            }
            case 1 -> {
                int index = random.nextInt(lines.size());
                String line = lines.get(index);
                int at = random.nextInt(line.length());
                char written = BYTES_TO_WRITE.charAt(random.nextInt(BYTES_TO_WRITE.length()));
                lines.set(index, line.substring(0, at) + written + line.substring(at + 1));
                return "wrote " + (int) written + " at " + index + ":" + at;
            }
            case 2 -> {
                int index = random.nextInt(lines.size());
                String line = lines.get(index);
                int at = random.nextInt(line.length());
                lines.set(index, line.substring(0, at) + line.substring(at + 1));
                return "deleted " + index + ":" + at;
            }
            case 3 -> {
                int index = 1 + random.nextInt(lines.size() - 1);
                lines.add(index, lines.get(index));
                return "duplicated " + index;
            }
            case 4 -> {
                String version = List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "HTTP/1.1 x", "")
                        .get(random.nextInt(7));
                lines.set(0, lines.get(0).replaceFirst("HTTP/1\\.1$", version));
                return "version " + version;
            }
            default -> {
                String method = List.of("PUT", "post", "PXST", "GET", "DELETE", "P\u00d6ST", "").get(random.nextInt(7));
                lines.set(0, lines.get(0).replaceFirst("^\\S*", method));
                return "method " + method;
            }
        }
    }

    /** Bodies refused while the client is still sending them: by their declared length, or chunked past the limit. */
    static Stream<Arguments> bodiesRefusedInFlight() {
        String chunk = Integer.toHexString(8192) + "\r\n" + "x".repeat(8192) + "\r\n";
        return Stream.of(
                Arguments.of("a declared Content-Length over the limit", "POST /logout HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 4194304\r\n\r\n", "x".repeat(8192)),
                Arguments.of("a chunked body growing past the limit", "POST /logout HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunk));
    }

    /**
     * A client that sends its whole body before it reads (as most do) must still read the 413: the
     * server throws away what keeps arriving and closes only once the client closes its side or the
     * linger time ends. Closed at once, the unread bytes make the kernel reset the connection, which
     * destroys the answer before the client reads it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesRefusedInFlight")
    void aBodyRefusedWhileStillArrivingIsAnsweredNotReset(String what, String head, String piece) throws Exception {
        try (Socket socket = connectFrom("127.0.0.45")) {
            socket.setSoTimeout(Math.toIntExact(ANSWER_WITHIN.toMillis()));
            byte[] bytes = piece.getBytes(StandardCharsets.ISO_8859_1);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            IOException sendFailure = null;
            try {
                for (int sent = 0; sent < 4 * 1024 * 1024; sent += bytes.length) {
                    socket.getOutputStream().write(bytes);
                }
            } catch (IOException reset) {
                sendFailure = reset;
            }
            assertThat(sendFailure).as("the server read what the client was sending").isNull();

            String answer = readUntilClosed(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"PAYLOAD_TOO_LARGE\"");
        }
    }

    /**
     * An answer without a body (the 204 to {@code OPTIONS}) to a request whose body arrives just after its head:
     * the application answers on the thread that read the body while Jetty's request thread may still be returning
     * from the handler. Left to Jetty 12.1, the last write of such an answer can complete the exchange a second
     * time (a 500 when assertions are on, an answer never sent when they are off). Thousands in a row on one
     * connection, each gets its 204 at once.
     */
    @Test
    void answersWithoutABodyToBodiesArrivingAfterTheirHeadAreEachSentOnce() throws Exception {
        byte[] head = ("OPTIONS /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = "{}".getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = connectFrom("127.0.0.48")) {
            socket.setTcpNoDelay(true); // the head and the body in two segments, the body a moment later
            socket.setSoTimeout(Math.toIntExact(ANSWER_WITHIN.toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 5_000; i++) {
                out.write(head);
                out.flush();
                out.write(body);
                out.flush();
                assertThat(readAnswerHead(in)).as("answer %d", i).startsWith("HTTP/1.1 204 ");
            }
        }
    }

    /**
     * Reads one answer: its head, and as many bytes of body as its {@code Content-Length} says.
     *
     * @return the head
     */
    private static String readAnswerHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("closed after " + head);
            }
            head.append((char) next);
        }
        long length = head.toString().lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(line -> Long.parseLong(line.substring(15).strip())).findFirst().orElse(0);
        in.readNBytes(Math.toIntExact(length));
        return head.toString();
    }

    /** A login, a logout with its token and a liveness probe, each answered within {@link #ANSWER_WITHIN}. */
    private void assertWellBehavedClientIsServed() throws Exception {
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(server.baseUri().resolve("health/live"))
                .timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(server.baseUri().resolve("login"))
                .timeout(ANSWER_WITHIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", USER)
                        .put("password", PASSWORD).toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .timeout(ANSWER_WITHIN).header("Authorization", "Bearer " + HttpLogin.accessTokenOf(login))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(200);
    }

    /** Opens {@code perAddress} connections from each of {@code addresses} loopback addresses, sending {@code start}. */
    private static List<Socket> openFrom(int addresses, int perAddress, String start) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int a = 0; a < addresses; a++) {
            for (int i = 0; i < perAddress; i++) {
                Socket socket = connectFrom("127.0.0." + (2 + a));
                socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(socket);
            }
        }
        return sockets;
    }

    /** One more byte on every connection that has not been answered yet. */
    private static void trickle(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                if (!socket.isClosed() && socket.getInputStream().available() == 0) {
                    socket.getOutputStream().write('x');
                }
            } catch (IOException closedByTheServer) {
                // Ended by the server: what it answered is read afterwards.
            }
        }
    }

    /** @return for each connection, "closed" and what it was answered, or "open" if the server kept it */
    private static List<String> outcomesOf(List<Socket> sockets, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> outcomes = new ArrayList<>();
        for (Socket socket : sockets) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout(Math.toIntExact(left));
            try {
                outcomes.add("closed " + readUntilClosed(socket.getInputStream()));
            } catch (SocketTimeoutException stillOpen) {
                outcomes.add("open");
            } catch (SocketException reset) {
                outcomes.add("closed (reset)");
            }
        }
        return outcomes;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static Socket connectFrom(String address) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(address, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return socket;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException alreadyGone) {
                // nothing to release
            }
        }
    }

    private String metricsText() throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private double metric(String name) throws Exception {
        return metricsText().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

}
