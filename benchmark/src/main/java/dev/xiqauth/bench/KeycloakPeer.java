package dev.xiqauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak, the best-known peer, measured beside the server in the same run
 * ({@code -Dbench.peer=keycloak}): its distribution fetched through Maven, started in dev mode on its
 * embedded H2 with the Java it needs, and configured as the server is: a realm whose password policy is
 * Argon2id with the same parameters (m = 19456 KiB, t = 2, p = 1), brute-force detection off, one user per
 * client, and a confidential client for the password grant, RFC 7009 revocation and RFC 7662 introspection.
 */
final class KeycloakPeer implements AutoCloseable {
    static final String VERSION = System.getProperty("bench.keycloakVersion", "26.4.7");
    private static final Path HOME = Path.of(System.getProperty("bench.peerDir", "benchmark/target/peer"));
    private static final String JAVA_HOME = System.getProperty("bench.peerJavaHome",
            "/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final String REALM = "bench";
    private static final String CLIENT = "bench";
    private static final String CLIENT_SECRET = "bench-client-secret";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path installation;
    private final int port;
    private final URI base;
    private final int users;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger nextUser = new AtomicInteger();
    private final AtomicInteger nextToken = new AtomicInteger();
    private Launched process;

    private KeycloakPeer(Path installation, int port, int users, String password) {
        this.installation = installation;
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port + "/");
        this.users = users;
        this.password = password;
    }

    /** Whether the run was asked to measure Keycloak beside the server. */
    static boolean selected() {
        return "keycloak".equals(System.getProperty("bench.peer", ""));
    }

    /**
     * Fetches (once) and unpacks the distribution, starts it on a fresh data directory and configures
     * its realm, client and {@code users} users, each with {@code password}.
     */
    static KeycloakPeer start(int users, String password) throws Exception {
        Path installation = unpacked(fetched());
        deleteRecursively(installation.resolve("data")); // a fresh realm every run
        KeycloakPeer peer = new KeycloakPeer(installation, Launched.freePort(), users, password);
        peer.launch();
        peer.awaitReady(peer::wellKnownRequest);
        peer.configure();
        return peer;
    }

    URI base() {
        return base;
    }

    /** The password grant, rotating over the realm's users. */
    HttpRequest loginRequest() {
        String username = "user" + Math.floorMod(nextUser.getAndIncrement(), users);
        return form("realms/" + REALM + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", CLIENT, "client_secret", CLIENT_SECRET, "username", username, "password", password));
    }

    /** RFC 7009 revocation of a fresh access token each time; null once they are used up. */
    HttpRequest revokeRequest(Queue<String> fresh) {
        String token = fresh.poll();
        if (token == null) {
            return null;
        }
        return form("realms/" + REALM + "/protocol/openid-connect/revoke", Map.of("client_id", CLIENT,
                "client_secret", CLIENT_SECRET, "token", token, "token_type_hint", "access_token"));
    }

    /** RFC 7662 introspection, cycling over many distinct valid tokens. */
    HttpRequest introspectRequest(List<String> tokens) {
        String token = tokens.get(Math.floorMod(nextToken.getAndIncrement(), tokens.size()));
        return form("realms/" + REALM + "/protocol/openid-connect/token/introspect", Map.of("client_id", CLIENT,
                "client_secret", CLIENT_SECRET, "token", token));
    }

    /**
     * Adds {@code count} access tokens of the client's own (client credentials grant: no password hash)
     * to {@code into}, {@code concurrency} requests at a time.
     */
    void mint(Collection<String> into, int count, int concurrency) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            pending.add(http.sendAsync(form("realms/" + REALM + "/protocol/openid-connect/token",
                    Map.of("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", CLIENT_SECRET)),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                        slots.release();
                        if (response.statusCode() == 200) {
                            into.add(accessTokenOf(response.body()));
                        }
                    }).exceptionally(failure -> {
                        slots.release();
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** @return the largest peak resident set size of its processes (the launcher script and its JVM), in KiB */
    long peakRssKib() throws IOException {
        return process.peakRssKib();
    }

    /** @return seconds from a restart on the same data to the first successful password login */
    double restartToFirstLogin() throws Exception {
        process.close();
        long started = System.nanoTime();
        launch();
        awaitReady(this::loginRequest);
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    private void launch() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JAVA_HOME", JAVA_HOME);
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        process = Launched.start(List.of(installation.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--spi-password-hashing--argon2--memory=19456", "--spi-password-hashing--argon2--iterations=2",
                "--spi-password-hashing--argon2--parallelism=1"), environment);
    }

    private void configure() throws Exception {
        String admin = accessTokenOf(send(form("realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD)),
                200));
        send(json("admin/realms", admin, Map.of("realm", REALM, "enabled", true,
                "passwordPolicy", "hashAlgorithm(argon2)", "bruteForceProtected", false)), 201);
        send(json("admin/realms/" + REALM + "/clients", admin, Map.of("clientId", CLIENT, "enabled", true,
                "publicClient", false, "secret", CLIENT_SECRET, "directAccessGrantsEnabled", true,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false)), 201);
        for (int i = 0; i < users; i++) {
            send(json("admin/realms/" + REALM + "/users", admin, Map.of("username", "user" + i, "enabled", true,
                    "email", "user" + i + "@example.com", "emailVerified", true, "firstName", "Bench",
                    "lastName", "User" + i, "credentials", List.of(Map.of("type", "password", "value", password,
                            "temporary", false)))), 201);
        }
    }

    private String send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak answered " + request.uri().getPath() + " with "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpRequest wellKnownRequest() {
        return HttpRequest.newBuilder(base.resolve("realms/master/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private void awaitReady(Supplier<HttpRequest> probe) throws Exception {
        Launched.awaitOk(probe, Duration.ofMinutes(3), Duration.ofMillis(20));
    }

    private HttpRequest form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest json(String path, String bearer, Object body) throws IOException {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private static String accessTokenOf(String tokenResponse) {
        try {
            JsonNode token = JSON.readTree(tokenResponse).get("access_token");
            if (token == null) {
                throw new IllegalStateException("no access token in Keycloak's answer");
            }
            return token.asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's token answer is not JSON", e);
        }
    }

    /** The distribution zip, copied from the Maven repository (downloaded into it on first use). */
    private static Path fetched() throws Exception {
        Path zip = HOME.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        Files.createDirectories(HOME);
        Process maven = new ProcessBuilder(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q",
                "dependency:copy", "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip",
                "-DoutputDirectory=" + HOME.toAbsolutePath()).inheritIO().start();
        if (maven.waitFor() != 0 || !Files.isRegularFile(zip)) {
            throw new IllegalStateException("Maven could not fetch org.keycloak:keycloak-quarkus-dist:" + VERSION);
        }
        return zip;
    }

    private static Path unpacked(Path zip) throws IOException {
        Path installation = HOME.resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(installation.resolve("bin/kc.sh"))) {
            return installation;
        }
        Path root = HOME.toAbsolutePath().normalize();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("an entry outside the archive's directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
        return installation;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
