package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcSigningKeyStore;
import dev.xiqauth.server.store.JdbcUserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fires generated requests at the real HTTP server (random and mutated bodies, headers, methods,
 * paths, encodings and tokens) and holds it to four properties: no 5xx; every error an
 * {@code XiqError}; valid logins still served afterwards; stored data changed only by successful
 * operations. Seeded and bounded: {@code -Dxiq.fuzz.seed=N} replays a run, {@code
 * -Dxiq.fuzz.requests=N} sets its size, and a failure names the seed and the request.
 */
final class AdversarialRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "fuzz resistant passphrase";
    private static final List<String> METHODS = List.of("POST", "POST", "POST", "POST", "GET", "PUT", "DELETE",
            "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO");
    private static final List<String> PATHS = List.of("login", "login", "logout", "logout", "", "login/", "logout/x",
            "LOGIN", "login?x=1", "login;jsessionid=1", "%6cogin", "a/../login", "openapi.yaml", "..%2f..%2fetc%2fpasswd",
            "login%00", "metrics", "auth/apitoken", "auth/apitoken", "auth/apitoken/info", "auth/apitoken/info",
            "auth/apitoken/:validate", "auth/apitoken/:validate", "auth/apitoken/%3Avalidate", "auth/permissions",
            "auth/permissions/:check", "auth/permissions/:check", "auth/permissions/:CHECK", "auth//permissions");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
            "application/json; charset=UTF-8", "application/json;charset=ISO-8859-1", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*",
            "application/json, text/plain", "");
    private static final List<String> ACCEPTS = List.of("", "application/json", "*/*", "text/html", "application/xml",
            "text/plain;q=0.1", "application/*");
    private static final Set<Integer> STATUSES = Set.of(200, 204, 400, 401, 403, 404, 405, 406, 413, 415, 429);

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, USER, PASSWORD);

    @TempDir
    Path dataDir;

    @Test
    void generatedRequestsNeverBreakTheServerOrItsData() throws Exception {
        long seed = Long.getLong("xiq.fuzz.seed", System.nanoTime());
        int requests = Integer.getInteger("xiq.fuzz.requests", 3_000);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> bootstrap = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                PASSWORD);
        // Loopback is a trusted proxy, so that generated X-Forwarded-For headers spread the requests over
        // many client addresses.
        var settings = TestServers.settings(StoreSettings.embedded(dataDir), 0, "https://fuzz.test",
                List.of("127.0.0.1"));
        List<String> tokens = new ArrayList<>();
        Set<String> loggedOut = new HashSet<>();
        String usersBefore;
        String keysBefore;
        try (RunningServer server = CompositionRoot.start(settings, new Secrets(bootstrap), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            usersBefore = snapshotUsers();
            keysBefore = snapshotKeys();
            tokens.add(logins.token(server.baseUri(), "X-Forwarded-For", "192.0.2.1"));
            String previous = "none";
            for (int i = 0; i < requests; i++) {
                Generated generated = generate(random, server.baseUri(), tokens);
                Reply response;
                try {
                    HttpResponse<byte[]> reply = http.send(generated.request(), HttpResponse.BodyHandlers.ofByteArray());
                    response = new Reply(reply.statusCode(), reply.headers().firstValue("Content-Type").orElse(null),
                            reply.headers().map(), reply.body());
                } catch (IOException e) {
                    // The server may refuse a malformed request and close while Java's client is still sending
                    // the body, which that client reports as no answer. Sent again on a socket of its own, whose
                    // answer is read whatever happens to the upload, the request must get its XiqError.
                    response = RawHttp.send(server.baseUri(), generated.method(), generated.path(),
                            generated.request().headers().map(), generated.body());
                }
                String context = "seed " + seed + ", request " + i + ": " + generated.description() + " "
                        + generated.request().headers().map() + " -> " + response.status() + " "
                        + new String(response.body(), StandardCharsets.UTF_8) + " (the request before: " + previous + ")";
                check(response, generated, context);
                previous = context.length() > 300 ? context.substring(0, 300) : context;
                if (response.status() == 200 && generated.path().equals("login")
                        && generated.method().equals("POST")) {
                    tokens.add(JSON.readTree(response.body()).get("access_token").asText());
                }
                if (response.status() == 200 && generated.path().equals("logout") && generated.method().equals("POST")) {
                    // Whatever spelling of the scheme the server accepted, the token it revoked is the one presented.
                    String presented = generated.request().headers().firstValue("Authorization").orElseThrow();
                    loggedOut.add(presented.strip().substring(presented.strip().indexOf(' ') + 1).strip());
                }
            }
            String fresh = logins.token(server.baseUri(), "X-Forwarded-For", "198.18.0.1");
            assertThat(fresh).as("seed %d: a valid login is still served", seed).isNotBlank();
            for (String token : tokens) {
                int status = logout(server.baseUri(), token);
                assertThat(status).as("seed %d: a token is revoked exactly when its logout succeeded", seed)
                        .isEqualTo(loggedOut.contains(token) ? 401 : 200);
            }
        }
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            assertThat(new JdbcUserDirectory(database).list().toString()).as("seed %d: users unchanged", seed)
                    .isEqualTo(usersBefore);
            assertThat(describeKeys(new JdbcSigningKeyStore(database, Clock.systemUTC())))
                    .as("seed %d: keys unchanged", seed).isEqualTo(keysBefore);
        }
    }

    private record Generated(HttpRequest request, String method, String path, String description,
            byte[] body) {
    }

    /** A response: its status, its content type and its body. */
    record Reply(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
    }

    private Generated generate(SplittableRandom random, URI base, List<String> tokens) {
        String method = pick(random, METHODS);
        String path = pick(random, PATHS);
        byte[] body = body(random);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        StringBuilder description = new StringBuilder(method + " /" + path);
        String contentType = pick(random, CONTENT_TYPES);
        if (!contentType.isEmpty()) {
            builder.header("Content-Type", contentType);
            description.append(" type=").append(contentType);
        }
        String accept = pick(random, ACCEPTS);
        if (!accept.isEmpty()) {
            builder.header("Accept", accept);
        }
        int auth = random.nextInt(8);
        if (auth > 0) {
            String token = tokens.get(random.nextInt(tokens.size()));
            String presented = switch (auth) {
                case 1 -> mutate(random, token);
                case 2 -> "eyJhbGciOiJub25lIn0." + token.split("\\.")[1] + ".";
                case 3 -> "";
                default -> token;
            };
            String scheme = random.nextInt(6) == 0 ? pick(random, List.of("Basic ", "bearer ", "Bearer  ", "Token "))
                    : "Bearer ";
            builder.header("Authorization", scheme + presented);
            if (random.nextInt(10) == 0) {
                builder.header("Authorization", "Bearer " + token);
            }
            description.append(" auth=").append(auth);
        }
        if (random.nextBoolean()) {
            builder.header("X-Forwarded-For", random.nextInt(4) == 0 ? "not an address"
                    : "198.51.100." + random.nextInt(256) + ", 10.0.0.1");
        }
        description.append(" body=").append(body.length).append("B");
        // Java's client announces a TRACE or HEAD body it does not send, which would desynchronise the
        // connection on the client's side: those go without one.
        boolean bodyless = method.equals("TRACE") || method.equals("HEAD") || body.length == 0 && random.nextBoolean();
        HttpRequest.BodyPublisher publisher = bodyless ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return new Generated(builder.method(method, publisher).build(), method, path, description.toString(),
                bodyless ? new byte[0] : body);
    }

    private static byte[] body(SplittableRandom random) {
        String valid = "{\"username\":\"" + (random.nextBoolean() ? USER : "user" + random.nextInt(50) + "@example.com")
                + "\",\"password\":\"" + (random.nextInt(4) == 0 ? PASSWORD : "guess" + random.nextInt(1000)) + "\"}";
        return switch (random.nextInt(16)) {
            case 0 -> new byte[0];
            case 1 -> valid.getBytes(StandardCharsets.UTF_8);
            case 2 -> flip(random, valid.getBytes(StandardCharsets.UTF_8));
            case 3 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            case 4 -> randomBytes(random, random.nextInt(512));
            case 5 -> ("{\"username\":" + pick(random, List.of("1", "true", "null", "[]", "{}", "\"\"", "1e999"))
                    + ",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("[".repeat(random.nextInt(5_000)) + "]").getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{\"username\":\"" + "u".repeat(random.nextInt(70_000)) + "\",\"password\":\"p\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 8 -> "{\"username\":\"a\",\"username\":\"b\",\"password\":\"c\"}".getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\",\"rate_limit\":{\"hour\":"
                    + pick(random, List.of("-1", "0", "99999999999999999999", "\"x\"", "1.5", "7500")) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"username\":\"\u202e\u0000\r\n\uD83D\uDE00\",\"password\":\"\\ud800\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 12 -> ("{\"permissions\":[" + pick(random, List.of("\"device:r\"", "\"device:fly\"", "null", "7",
                    "\"\"", "\"token:new\",\"user\"", "[]")) + "],\"expire_time\":"
                    + pick(random, List.of("null", "0", "-1", "9223372036854775807", "1.5", "\"soon\"", "4102444800"))
                    + ",\"description\":" + pick(random, List.of("null", "\"\"", "\"\u202e\"", "\"nightly\"", "7"))
                    + ",\"rate_limit\":" + pick(random, List.of("null", "{\"hour\":0}", "{\"hour\":10,\"second\":-1}",
                            "{\"hour\":99999999999999999999}", "{}")) + "}").getBytes(StandardCharsets.UTF_8);
            case 13 -> ("{\"method\":" + pick(random, List.of("\"get\"", "\"HEAD\"", "\"G E T\"", "null", "\"\"", "1"))
                    + ",\"uri\":" + pick(random, List.of("\"/devices/1\"", "\"https://x/auth/apitoken/info?q\"",
                            "\"/devices/%2e%2e\"", "\"/a%2Fb\"", "\"%zz\"", "\"devices\"", "\"\"", "null",
                            "\"//\"", "\"http://[::1\"")) + "}").getBytes(StandardCharsets.UTF_8);
            case 14 -> ("\"" + "eyJ".repeat(random.nextInt(40)) + "\"").getBytes(StandardCharsets.UTF_8);
            default -> valid.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private static void check(Reply response, Generated generated, String context) throws Exception {
        assertThat(response.status()).as(context).isLessThan(500).isIn(STATUSES);
        if (response.status() >= 400) {
            assertThat(response.contentType()).as(context).isEqualTo("application/json");
            if (!generated.method().equals("HEAD")) {
                JsonNode error = JSON.readTree(response.body());
                for (String field : List.of("error_code", "error_id", "error_message", "error_message_description")) {
                    assertThat(error.path(field).asText()).as(context + " (" + field + ")").isNotBlank();
                }
            }
        }
    }


    private int logout(URI base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String snapshotUsers() {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            return new JdbcUserDirectory(database).list().toString();
        }
    }

    private String snapshotKeys() {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            return describeKeys(new JdbcSigningKeyStore(database, Clock.systemUTC()));
        }
    }

    private static String describeKeys(JdbcSigningKeyStore keys) {
        return keys.list().stream().map(key -> key.key().keyId() + "/" + key.active() + "/" + key.retired())
                .collect(Collectors.joining(","));
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String mutate(SplittableRandom random, String token) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static byte[] flip(SplittableRandom random, byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
