package dev.xiqauth.bench;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcUserDirectory;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.Argon2Parameters;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Measures the server against its own ceilings on this machine, in one run, and prints figures and
 * ratios: JMH for the hash and token costs; over HTTP, the server jar and a bare Jersey app as
 * separate processes, each target warmed up, targets alternated over several rounds, medians taken.
 *
 * <p>Run: {@code mvn -q -P bench -DskipTests package && java -jar benchmark/target/benchmark-2.0.0-SNAPSHOT-all.jar}
 * (system properties {@code bench.warmup}, {@code bench.measure} in seconds and {@code bench.rounds};
 * {@code bench.only} a comma-separated list of scenario groups; {@code bench.peer=keycloak} to measure
 * Keycloak beside the server, see {@link KeycloakPeer}).
 */
public final class PerformanceReport {
    private static final String USER = "bench@example.com";
    private static final String PASSWORD = "benchmark password";
    private static final String ISSUER = "https://bench.test";
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 20));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration JIT_WARMUP = Duration.ofSeconds(Long.getLong("bench.jitWarmup", 120));
    private static final int CLOSED_LOOP_USERS = 16;
    private static final int LOGIN_USERS = 64;
    /** Clients that retry at once on a refusal, as a naive client under overload does. */
    private static final int RETRYING_CLIENTS = 50;
    private static final String JVM_OPTIONS = System.getProperty("bench.jvmOptions",
            "api-server/src/main/dist/jvm.options");
    private static final Path CDS_ARCHIVE = Path.of(System.getProperty("bench.cdsArchive",
            "api-server/target/xiq-auth-server.jsa"));
    /** Scenario groups to run (login, logout, checks, flood, startup, shared); all when empty. */
    private static final Set<String> ONLY = Set.of(System.getProperty("bench.only", "").split(",")).stream()
            .filter(group -> !group.isBlank()).collect(Collectors.toUnmodifiableSet());
    private static final AtomicInteger NEXT_USER =
            new AtomicInteger();
    /** How many distinct valid tokens validation and introspection cycle over: within each one's hourly quota. */
    private static final int CHECKED_TOKENS = 20_000;
    /** The issue's store for the startup figure: the server loads every live revocation before it serves. */
    private static final int STARTUP_REVOCATIONS = 200_000;
    private static final AtomicInteger NEXT_TOKEN = new AtomicInteger();
    /** How many clients log out at once while the leases' latency is measured. */
    private static final int LOGOUT_LATENCY_USERS = 4;
    /** Logouts timed one at a time with every view holding a lease. */
    private static final int SEQUENTIAL_LOGOUTS = 2_000;
    /** Rounds of "log out on one, present at once to every other instance and guard". */
    private static final int LEASE_ROUNDS = Integer.getInteger("bench.leaseRounds", 10_000);
    /** How many distinct valid tokens Keycloak's introspection cycles over. */
    private static final int PEER_CHECKED_TOKENS = 2_000;

    private PerformanceReport() {
    }

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Wrk wrk = Wrk.start();
        boolean pinning = Cores.available();
        System.out.println(pinning ? "pinned: the load generator (this JVM, wrk) on core " + Cores.GENERATOR
                + ", every server on core " + Cores.SERVERS + "; one more round unpinned, on every core"
                : "not pinned: this machine has one core, or no taskset; every ratio is squeezed towards 1");
        Path serverJar = Path.of(args.length > 0 ? args[0] : "api-server/target/api-server-2.0.0-SNAPSHOT-all.jar");
        Path ownJar = Path.of(PerformanceReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        System.out.printf("cores %d, warm-up %s and measurement %s per target, %d rounds, server launched with @%s%s%n",
                cores, WARMUP, MEASURE, ROUNDS, JVM_OPTIONS, Files.isRegularFile(CDS_ARCHIVE)
                        ? " and " + CDS_ARCHIVE : ", no class data sharing archive (build api-server first)");

        // JMH first, on every core (its forks inherit this JVM's cores, and a fork alone on one core competes with
        // its own compiler); then the generator moves to its core.
        Map<String, Double> micros = jmh();
        Cores.pin(ProcessHandle.current().pid(), Cores.GENERATOR);
        double hashMillis = micros.get("verifyPassword") / 1_000;
        // The server hashes on the cores it has: one when pinned.
        int serverCores = pinning ? 1 : cores;
        double loginCeiling = serverCores / (hashMillis / 1_000);

        SigningKey key = SigningKey.generate(new SecureRandom());
        byte[] secret = key.secret();
        Path dataDir = Files.createTempDirectory("xiq-bench");
        int serverPort = Launched.freePort();
        int barePort = Launched.freePort();
        Map<String, String> serverEnv = Map.of("XIQ_AUTH_SIGNING_KEY", Base64.getEncoder().encodeToString(secret),
                "XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD);
        List<String> serverCommand = serverCommand(serverJar, serverPort, "--data-dir", dataDir.toString());
        List<String> bareCommand = List.of(Launched.java(), "-cp", ownJar.toString(), BareJerseyApp.class.getName(),
                Integer.toString(barePort));
        URI server = URI.create("http://127.0.0.1:" + serverPort + "/");
        URI bare = URI.create("http://127.0.0.1:" + barePort + "/");

        AccessTokenService minter = new AccessTokenService(new StaticKeyRing(key),
                new TokenSettings(ISSUER, Duration.ofDays(1), Duration.ofMinutes(1)), "xiq", Clock.systemUTC(),
                new SecureRandom());
        User user = new User(1, USER, "unused", "ADMINISTRATOR", Optional.empty(), true, Instant.EPOCH);
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < CHECKED_TOKENS; i++) {
            checked.add(minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken());
        }

        Results results = new Results();
        long peakRss;
        int permissionsBytes;
        addUsers(dataDir);
        Optional<SharedStore> sharedStore = selected("shared") ? SharedStore.fromEnvironment() : Optional.empty();
        URI sharedServer = URI.create("http://127.0.0.1:" + Launched.freePort() + "/");
        KeycloakPeer peer = KeycloakPeer.selected() ? KeycloakPeer.start(2 * serverCores, PASSWORD) : null;
        List<String> peerChecked = new ArrayList<>();
        ConcurrentLinkedQueue<String> peerFresh = new ConcurrentLinkedQueue<>();
        double peerStartup = Double.NaN;
        long peerPeakRss = -1;
        if (peer != null) {
            System.out.printf("Keycloak %s beside it at %s%n", KeycloakPeer.VERSION, peer.base());
            peer.mint(peerChecked, PEER_CHECKED_TOKENS, CLOSED_LOOP_USERS);
        }
        // Filled once the shared instance serves; closed before it and its store, as the last resource below.
        LeasedViews[] scenes = new LeasedViews[1];
        double[] frozenGuard = null;
        double[] sequentialLogout = null;
        double[] unpinnedSequentialLogout = null;
        long[] revokedAccepted = null;
        try (KeycloakPeer unusedOrStopped = peer;
                SharedStore unusedOrDropped = sharedStore.orElse(null);
                Launched serverProcess = Launched.start(serverCommand, serverEnv);
                Launched bareProcess = Launched.start(bareCommand, Map.of());
                Launched sharedProcess = sharedStore.isEmpty() ? null
                        : sharedStore.get().launch(serverJar, sharedServer.getPort(), serverEnv);
                AutoCloseable leasedScene = () -> {
                    if (scenes[0] != null) {
                        scenes[0].close();
                    }
                }) {
            LeasedViews leased = null;
            awaitReady(() -> loginRequest(server));
            awaitReady(() -> echoRequest(bare));
            if (sharedProcess != null) {
                awaitReady(() -> introspectRequest(sharedServer, checked));
                leased = LeasedViews.start(sharedStore.get(), serverJar, serverEnv, sharedServer, ownJar,
                        new String[] {USER, PASSWORD});
                scenes[0] = leased;
                leased.awaitGuards(checked.get(0));
            }
            // The bare list is as long as the server's answer, whatever the catalogue holds.
            permissionsBytes = HttpClient.newHttpClient().send(permissionsRequest(server, checked),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length;
            // On one core a JVM's compilers take a minute and more to finish with a path: before the first round
            // each server runs its check path (and the bare app its two shapes) unmeasured, so that round 1 is
            // not a measurement of the JIT.
            System.out.printf("warming the servers' compilers for %d s%n", JIT_WARMUP.toSeconds());
            Duration share = JIT_WARMUP.dividedBy(6);
            if (share.toSeconds() > 0) { // wrk takes whole seconds: -Dbench.jitWarmup=0 skips the warm-up
                wrk.closedLoop(() -> bareCheckRequest(bare), CLOSED_LOOP_USERS, share);
                wrk.closedLoop(() -> bareGetRequest(bare), CLOSED_LOOP_USERS, share);
                wrk.closedLoop(() -> bareListRequest(bare, permissionsBytes), CLOSED_LOOP_USERS, share);
                wrk.closedLoop(() -> validateRequest(server, checked), CLOSED_LOOP_USERS, share);
                wrk.closedLoop(() -> introspectRequest(server, checked), CLOSED_LOOP_USERS, share);
                wrk.closedLoop(() -> permissionsRequest(server, checked), CLOSED_LOOP_USERS, share);
                if (leased != null) {
                    // The scene's instances and guards compile their own paths: round 1 measures them warm too.
                    LeasedViews scene = leased;
                    wrk.closedLoop(() -> validateRequest(sharedServer, checked), CLOSED_LOOP_USERS, share);
                    wrk.closedLoop(() -> validateRequest(scene.instances().get(1), checked), CLOSED_LOOP_USERS,
                            share);
                    wrk.closedLoop(() -> LeasedViews.guarded(scene.guards().get(0), checked.get(0)),
                            CLOSED_LOOP_USERS, share);
                }
            }
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.printf("round %d of %d%n", round, ROUNDS);
                results.add("bare POST", measure(() -> wrk.closedLoop(() -> bareCheckRequest(bare),
                        CLOSED_LOOP_USERS, phase())));
                results.add("bare GET", measure(() -> wrk.closedLoop(() -> bareGetRequest(bare), CLOSED_LOOP_USERS,
                        phase())));
                if (selected("login")) {
                    results.add("login", measure(() -> wrk.closedLoop(() -> loginRequest(server), 2 * serverCores,
                            phase())));
                    results.add("login at 80%", measure(() -> Load.openLoop(() -> loginRequest(server),
                            0.8 * loginCeiling, phase())));
                }
                if (selected("logout")) {
                    results.add("logout", measure(() -> wrk.closedLoopOnce(() -> logoutRequest(server, minter, user),
                            CLOSED_LOOP_USERS, phase())));
                }
                if (selected("checks")) {
                    results.add("validate", measure(() -> wrk.closedLoop(() -> validateRequest(server, checked),
                            CLOSED_LOOP_USERS, phase())));
                    results.add("introspect", measure(() -> wrk.closedLoop(() -> introspectRequest(server, checked),
                            CLOSED_LOOP_USERS, phase())));
                    results.add("bare list", measure(() -> wrk.closedLoop(() -> bareListRequest(bare,
                            permissionsBytes), CLOSED_LOOP_USERS, phase())));
                    results.add("permissions", measure(() -> wrk.closedLoop(() -> permissionsRequest(server,
                            checked), CLOSED_LOOP_USERS, phase())));
                }
                if (sharedProcess != null) {
                    results.add("shared validate", measure(() -> wrk.closedLoop(
                            () -> validateRequest(sharedServer, checked), CLOSED_LOOP_USERS, phase())));
                    results.add("shared introspect", measure(() -> wrk.closedLoop(
                            () -> introspectRequest(sharedServer, checked), CLOSED_LOOP_USERS, phase())));
                    results.add("shared logout", measure(() -> wrk.closedLoopOnce(
                            () -> logoutRequest(sharedServer, minter, user), CLOSED_LOOP_USERS, phase())));
                    LeasedViews scene = leased;
                    results.add("shared validate B", measure(() -> wrk.closedLoop(
                            () -> validateRequest(scene.instances().get(1), checked), CLOSED_LOOP_USERS, phase())));
                    results.add("guarded GET", measure(() -> wrk.closedLoop(
                            () -> LeasedViews.guarded(scene.guards().get(0), checked.get(0)), CLOSED_LOOP_USERS,
                            phase())));
                    results.add("unguarded GET", measure(() -> wrk.closedLoop(
                            () -> LeasedViews.guarded(bare, checked.get(0)), CLOSED_LOOP_USERS, phase())));
                    AtomicInteger next = new AtomicInteger();
                    results.add("leased logout", measure(() -> wrk.closedLoopOnce(() -> logoutRequest(
                            scene.instances().get(Math.floorMod(next.getAndIncrement(), 3)), minter, user),
                            LOGOUT_LATENCY_USERS, phase())));
                }
                if (peer != null) {
                    results.add("peer login", measure(() -> wrk.closedLoop(peer::loginRequest, 2 * serverCores,
                            phase())));
                    results.add("peer introspect", measure(() -> wrk.closedLoop(
                            () -> peer.introspectRequest(peerChecked), CLOSED_LOOP_USERS, phase())));
                    // Each run revokes tokens minted for it beforehand (its client credentials grant, over HTTP):
                    // half again as many as this server revoked in as long, so that Keycloak is never short.
                    Load.Result ours = results.median("logout");
                    int perRun = Math.toIntExact(Math.round(1.5 * ours.perSecond() * MEASURE.toSeconds()));
                    results.add("peer revoke", measure(() -> {
                        peerFresh.clear();
                        long minting = System.nanoTime();
                        peer.mint(peerFresh, perRun, CLOSED_LOOP_USERS);
                        System.out.printf("minted %d Keycloak tokens to revoke in %.0f s%n", perRun,
                                (System.nanoTime() - minting) / 1e9);
                        Load.Result revoked = wrk.closedLoopOnce(() -> peer.revokeRequest(peerFresh),
                                CLOSED_LOOP_USERS, phase());
                        if (revoked.refused() > 0) {
                            System.out.println("Keycloak's revocations ran out of fresh tokens or were refused: its "
                                    + "rate is a lower bound");
                        }
                        return revoked;
                    }));
                }
                if (selected("flood")) {
                    results.add("retrying clients", measure(() -> wrk.closedLoop(() -> loginRequest(server),
                            RETRYING_CLIENTS, phase())));
                    results.add("flood alone", measure(() -> FloodFromAnotherClient.openLoop(
                            () -> loginRequest(server), 2 * loginCeiling, phase())));
                    results.add("logout in flood", duringFlood(server, loginCeiling, () -> wrk.closedLoopOnce(
                            () -> logoutRequest(server, minter, user), CLOSED_LOOP_USERS, phase())));
                    results.add("validate in flood", duringFlood(server, loginCeiling,
                            () -> wrk.closedLoop(() -> validateRequest(server, checked), CLOSED_LOOP_USERS, phase())));
                    results.add("introspect in flood", duringFlood(server, loginCeiling,
                            () -> wrk.closedLoop(() -> introspectRequest(server, checked), CLOSED_LOOP_USERS,
                                    phase())));
                }
            }
            if (pinning) {
                System.out.println("round unpinned, every process on every core");
                wrk.runOn(Cores.all());
                Cores.pin(ProcessHandle.current().pid(), Cores.all());
                for (Launched process : new Launched[] {serverProcess, bareProcess}) {
                    process.runOn(Cores.all());
                }
                results.add("unpinned bare POST", measure(() -> wrk.closedLoop(() -> bareCheckRequest(bare),
                        CLOSED_LOOP_USERS, phase())));
                results.add("unpinned bare GET", measure(() -> wrk.closedLoop(() -> bareGetRequest(bare),
                        CLOSED_LOOP_USERS, phase())));
                results.add("unpinned validate", measure(() -> wrk.closedLoop(() -> validateRequest(server, checked),
                        CLOSED_LOOP_USERS, phase())));
                results.add("unpinned introspect", measure(() -> wrk.closedLoop(
                        () -> introspectRequest(server, checked), CLOSED_LOOP_USERS, phase())));
                results.add("unpinned logout", measure(() -> wrk.closedLoopOnce(
                        () -> logoutRequest(server, minter, user), CLOSED_LOOP_USERS, phase())));
                wrk.runOn(Cores.GENERATOR);
                Cores.pin(ProcessHandle.current().pid(), Cores.GENERATOR);
                for (Launched process : new Launched[] {serverProcess, bareProcess}) {
                    process.runOn(Cores.SERVERS);
                }
            }
            if (leased != null) {
                frozenGuard = leased.frozenGuard(minter, user);
                System.out.printf("%,d rounds: log out on one instance, present at once to the others and every "
                        + "guard%n", LEASE_ROUNDS);
                revokedAccepted = leased.revokedAccepted(minter, user, LEASE_ROUNDS);
                // After those rounds every process has compiled the logout's paths: what a running deployment pays.
                sequentialLogout = leased.sequentialLogouts(minter, user, SEQUENTIAL_LOGOUTS);
                if (pinning) {
                    sharedProcess.runOn(Cores.all());
                    leased.runOn(Cores.all());
                    unpinnedSequentialLogout = leased.sequentialLogouts(minter, user, SEQUENTIAL_LOGOUTS);
                    sharedProcess.runOn(Cores.SERVERS);
                    leased.runOn(Cores.SERVERS);
                }
            }
            peakRss = serverProcess.peakRssKib();
            if (peer != null) {
                peerPeakRss = peer.peakRssKib();
                List<Double> restarts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    restarts.add(peer.restartToFirstLogin());
                }
                peerStartup = medianOf(restarts);
            }
        }

        List<Double> serverStartups = new ArrayList<>();
        List<Double> bareStartups = new ArrayList<>();
        if (selected("startup")) {
            addRevocations(dataDir, STARTUP_REVOCATIONS);
            for (int i = 0; i < 3; i++) {
                serverStartups.add(startup(serverCommand, serverEnv, () -> loginRequest(server)));
                bareStartups.add(startup(bareCommand, Map.of(), () -> echoRequest(bare)));
            }
        }
        double[] revocationStorage = selected("logout") ? revocationStorage(dataDir) : null;

        Load.Result bareMedian = results.median("bare POST");
        Load.Result bareGetMedian = results.median("bare GET");

        System.out.println();
        System.out.println("| figure | measured | ratio | goal |");
        System.out.println("|---|---|---|---|");
        row("t_hash: Argon2id verify (JMH)", "%.1f ms", hashMillis, "", "");
        row("token sign / verify (JMH)", "%s", String.format("%.1f / %.1f us", micros.get("signToken"),
                micros.get("verifyToken")), "", "");
        row("login ceiling = server cores (" + serverCores + ") / t_hash", "%.1f /s", loginCeiling, "", "");
        System.out.printf("| bare Jersey POST ceiling, %d users | %.0f /s, p50 %.2f ms, p99 %.2f ms | | |%n",
                CLOSED_LOOP_USERS, bareMedian.perSecond(), bareMedian.p50Millis(), bareMedian.p99Millis());
        System.out.printf("| bare Jersey GET ceiling, %d users | %.0f /s, p50 %.2f ms, p99 %.2f ms | | |%n",
                CLOSED_LOOP_USERS, bareGetMedian.perSecond(), bareGetMedian.p50Millis(), bareGetMedian.p99Millis());
        if (selected("checks")) {
            Load.Result bareList = results.median("bare list");
            System.out.printf("| bare Jersey GET list ceiling (a JSON array of listPermissions' %d bytes), %d users | "
                    + "%.0f /s, p50 %.2f ms, p99 %.2f ms | | |%n", permissionsBytes, CLOSED_LOOP_USERS,
                    bareList.perSecond(), bareList.p50Millis(), bareList.p99Millis());
        }
        if (selected("login")) {
            Load.Result login = results.median("login");
            Load.Result at80 = results.median("login at 80%");
            System.out.printf("| login throughput, %d users | %.1f /s, p50 %.1f ms, p99 %.1f ms | %.2f of ceiling | "
                    + ">= 0.90 |%n", 2 * serverCores, login.perSecond(), login.p50Millis(), login.p99Millis(),
                    login.perSecond() / loginCeiling);
            System.out.printf("| login at 80%% of ceiling, p50 / p99 | %.1f / %.1f ms | %.2f / %.2f x t_hash | "
                    + "<= 1.3 / <= 3 |%n", at80.p50Millis(), at80.p99Millis(), at80.p50Millis() / hashMillis,
                    at80.p99Millis() / hashMillis);
        }
        if (selected("logout")) {
            ratioRow("logout, " + CLOSED_LOOP_USERS + " users, each revocation durable before its 200",
                    results.median("logout"), bareMedian, "POST", ">= 0.50, p99 <= 3 x");
        }
        if (selected("checks")) {
            ratioRow("validateApiToken, " + CHECKED_TOKENS + " distinct valid tokens", results.median("validate"),
                    bareMedian, "POST", ">= 0.85, p99 <= 1.5 x");
            ratioRow("getCurrentApiTokenInfo, " + CHECKED_TOKENS + " distinct valid tokens",
                    results.median("introspect"), bareGetMedian, "GET", ">= 0.85, p99 <= 1.5 x");
            ratioRow("listPermissions (the Bearer filter of a protected operation), " + CHECKED_TOKENS
                    + " distinct valid tokens", results.median("permissions"), results.median("bare list"),
                    "GET list", ">= 0.80");
        }
        if (results.has("unpinned validate")) {
            Load.Result unpinnedPost = results.median("unpinned bare POST");
            Load.Result unpinnedGet = results.median("unpinned bare GET");
            System.out.printf("| unpinned round (every process on every core): bare POST / GET | %.0f / %.0f /s | | |%n",
                    unpinnedPost.perSecond(), unpinnedGet.perSecond());
            ratioRow("unpinned: validateApiToken", results.median("unpinned validate"), unpinnedPost, "POST",
                    ">= 0.85, p99 <= 1.5 x");
            ratioRow("unpinned: getCurrentApiTokenInfo", results.median("unpinned introspect"), unpinnedGet, "GET",
                    ">= 0.85, p99 <= 1.5 x");
            ratioRow("unpinned: logout", results.median("unpinned logout"), unpinnedPost, "POST", ">= 0.50, p99 <= 3 x");
        }
        if (selected("flood")) {
            Load.Result unloaded = results.median("login");
            Load.Result retrying = results.median("retrying clients");
            Load.Result alone = results.median("flood alone");
            System.out.printf("| successful logins, %d clients retrying at once on 503 | %.1f /s (%d refused), p99 "
                    + "%.1f ms | %.2f of unloaded, p99 %.2f x t_hash | >= 0.80, p99 <= 4 x |%n", RETRYING_CLIENTS,
                    retrying.perSecond(), retrying.refused(), retrying.p99Millis(),
                    retrying.perSecond() / unloaded.perSecond(), retrying.p99Millis() / hashMillis);
            System.out.printf("| accepted logins, open-loop flood at 2x ceiling | %.1f /s (%d refused), p99 %.1f ms | "
                    + "%.2f of unloaded, p99 %.2f x t_hash | p99 <= 4 x |%n", alone.perSecond(), alone.refused(),
                    alone.p99Millis(), alone.perSecond() / unloaded.perSecond(), alone.p99Millis() / hashMillis);
            floodRow("logout", results.median("logout in flood"), results.median("logout"));
            floodRow("validateApiToken", results.median("validate in flood"), results.median("validate"));
            floodRow("getCurrentApiTokenInfo", results.median("introspect in flood"), results.median("introspect"));
        }
        if (selected("startup")) {
            double serverStartup = medianOf(serverStartups);
            double bareStartup = medianOf(bareStartups);
            System.out.printf("| startup to first login vs bare Jersey app, the store holding %,d more live "
                    + "revocations | %.2f s vs %.2f s | %.2f | <= 1.5 |%n", STARTUP_REVOCATIONS, serverStartup,
                    bareStartup, serverStartup / bareStartup);
        }
        System.out.printf("| peak RSS of the server (whole run, launched with @%s) | %.0f MiB | | <= 384 MiB |%n",
                JVM_OPTIONS, peakRss / 1024.0);
        if (sharedStore.isPresent()) {
            ratioRow("shared PostgreSQL: validateApiToken", results.median("shared validate"), bareMedian, "POST",
                    ">= 0.50");
            ratioRow("shared PostgreSQL: getCurrentApiTokenInfo", results.median("shared introspect"), bareGetMedian,
                    "GET", ">= 0.50");
            ratioRow("shared PostgreSQL: logout", results.median("shared logout"), bareMedian, "POST", "");
        } else if (selected("shared")) {
            System.out.println("| shared PostgreSQL | not measured: set XIQ_AUTH_TEST_PG_URL, _USER, _PASSWORD | | "
                    + ">= 0.50 |");
        }
        if (frozenGuard != null) {
            ratioRow("leases, 3 instances: validateApiToken on the first", results.median("shared validate"),
                    bareMedian, "POST", ">= 0.85");
            ratioRow("leases, 3 instances: validateApiToken on the second", results.median("shared validate B"),
                    bareMedian, "POST", ">= 0.85");
            ratioRow("a guarded service, a token it has seen, vs the same service unguarded",
                    results.median("guarded GET"), results.median("unguarded GET"), "GET", ">= 0.90");
            Load.Result logout = results.median("leased logout");
            System.out.printf("| logout with 3 instances and %d guards holding leases, %d users at once: p50 / p99 | %.1f / "
                    + "%.1f ms | | <= 5 / <= 25 ms |%n", LeasedViews.GUARDS, LOGOUT_LATENCY_USERS, logout.p50Millis(),
                    logout.p99Millis());
            System.out.printf("| logout with 3 instances and %d guards holding leases, one at a time (%,d): p50 / p99 "
                    + "| %.1f / %.1f ms | | <= 5 / <= 25 ms |%n", LeasedViews.GUARDS, SEQUENTIAL_LOGOUTS,
                    sequentialLogout[0], sequentialLogout[1]);
            if (unpinnedSequentialLogout != null) {
                System.out.printf("| unpinned (every process on every core): logout with 3 instances and %d guards "
                        + "holding leases, one at a time (%,d): p50 / p99 | %.1f / %.1f ms | | not counted against "
                        + "the goal: the servers are not pinned apart |%n",
                        LeasedViews.GUARDS, SEQUENTIAL_LOGOUTS, unpinnedSequentialLogout[0],
                        unpinnedSequentialLogout[1]);
            }
            System.out.printf("| logout with a guard frozen (SIGSTOP) holding a lease; the guard once thawed | "
                    + "%.2f s; %d | | <= 5 s; 401 |%n", frozenGuard[0], (int) frozenGuard[1]);
            System.out.printf("| revoked tokens accepted after the logout's 200 (%,d rounds, %,d presentations to the "
                    + "other instances and every guard) | %d | | 0 |%n", LEASE_ROUNDS, revokedAccepted[1],
                    revokedAccepted[0]);
        }
        if (peer != null) {
            Load.Result login = results.median("login");
            Load.Result peerLogin = results.median("peer login");
            System.out.printf("| vs Keycloak %s: password logins/s, %d users (/login vs its password grant) | %.1f vs "
                    + "%.1f /s | %.2f x | >= 2 x |%n", KeycloakPeer.VERSION, 2 * serverCores, login.perSecond(),
                    peerLogin.perSecond(), login.perSecond() / peerLogin.perSecond());
            Load.Result logout = results.median("logout");
            Load.Result peerRevoke = results.median("peer revoke");
            System.out.printf("| vs Keycloak: revocations/s, a fresh token each (/logout vs its RFC 7009 /revoke) | %.0f vs "
                    + "%.0f /s | %.2f x | >= 2 x |%n", logout.perSecond(), peerRevoke.perSecond(),
                    logout.perSecond() / peerRevoke.perSecond());
            Load.Result validate = results.median("validate");
            Load.Result peerIntrospect = results.median("peer introspect");
            System.out.printf("| vs Keycloak: token checks/s (validateApiToken vs its RFC 7662 introspection) | %.0f vs "
                    + "%.0f /s | %.2f x | >= 3 x |%n", validate.perSecond(), peerIntrospect.perSecond(),
                    validate.perSecond() / peerIntrospect.perSecond());
            System.out.printf("| vs Keycloak: peak RSS (server: whole run; Keycloak: its whole run, its own launch) | "
                    + "%.0f vs %.0f MiB | %.2f x | <= 0.5 x |%n", peakRss / 1024.0, peerPeakRss / 1024.0,
                    (double) peakRss / peerPeakRss);
            double serverStartup = medianOf(serverStartups);
            System.out.printf("| vs Keycloak: restart to first successful login | %.2f vs %.2f s | %.2f x | <= 0.5 x |%n",
                    serverStartup, peerStartup, serverStartup / peerStartup);
        }
        if (revocationStorage != null) {
            System.out.printf("| revoked-token storage, embedded H2 | %.0f bytes each: the whole compacted database "
                    + "file over %.0f revocations (table rows alone: %.0f) | | <= 200 |%n",
                    revocationStorage[2] / revocationStorage[0], revocationStorage[0],
                    revocationStorage[1] / revocationStorage[0]);
        }
    }

    /**
     * The server's launch as the README documents it: the JVM options file, the class data sharing archive
     * the build made (when it is there), then the jar.
     */
    static List<String> serverCommand(Path serverJar, int port, String... storeArguments) {
        List<String> command = new ArrayList<>(List.of(Launched.java(), "@" + JVM_OPTIONS));
        if (Files.isRegularFile(CDS_ARCHIVE)) {
            command.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE);
        }
        command.addAll(List.of("-jar", serverJar.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--issuer", ISSUER));
        command.addAll(List.of(storeArguments));
        return command;
    }

    /** The flood's and the peer's figures are ratios to the unloaded ones: selecting them selects those too. */
    private static boolean selected(String group) {
        return ONLY.isEmpty() || ONLY.contains(group)
                || ONLY.contains("flood") && Set.of("login", "logout", "checks").contains(group)
                || KeycloakPeer.selected() && Set.of("login", "logout", "checks", "startup").contains(group);
    }

    /** Measures {@code load} while logins flood the server at twice its hashing ceiling. */
    private static Load.Result duringFlood(URI server, double loginCeiling, Run load) throws Exception {
        return measureTogether(() -> FloodFromAnotherClient.openLoop(() -> loginRequest(server), 2 * loginCeiling,
                phase()), load)[1];
    }

    private static void ratioRow(String name, Load.Result measured, Load.Result ceiling, String method, String goal) {
        System.out.printf("| %s | %.0f /s, p50 %.2f ms, p99 %.2f ms | %.2f of %s ceiling, p99 %.2f x | %s |%n", name,
                measured.perSecond(), measured.p50Millis(), measured.p99Millis(),
                measured.perSecond() / ceiling.perSecond(), method, measured.p99Millis() / ceiling.p99Millis(), goal);
    }

    /** The issue's goal is on the check's p99 under the flood; its throughput is printed beside it. */
    private static void floodRow(String name, Load.Result flooded, Load.Result unloaded) {
        System.out.printf("| %s during a login flood at 2x ceiling | %.0f /s, p99 %.2f ms | %.2f of unloaded, "
                + "p99 %.2f x | >= 0.80, p99 <= 2 x |%n", name, flooded.perSecond(), flooded.p99Millis(),
                flooded.perSecond() / unloaded.perSecond(), flooded.p99Millis() / unloaded.p99Millis());
    }

    /** Each scenario's result of every round, by name. */
    static final class Results {
        private final Map<String, List<Load.Result>> byName = new LinkedHashMap<>();

        /** Keeps a result, and prints it at once: a run that fails later still shows what it measured. */
        void add(String name, Load.Result result) {
            byName.computeIfAbsent(name, any -> new ArrayList<>()).add(result);
            System.out.printf("measured %s: %.0f /s, p50 %.2f ms, p99 %.2f ms, %d refused%n", name,
                    result.perSecond(), result.p50Millis(), result.p99Millis(), result.refused());
        }

        Load.Result median(String name) {
            return PerformanceReport.median(byName.get(name));
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }
    }

    private static void row(String name, String format, Object value, String ratio, String goal) {
        System.out.printf("| %s | " + format + " | %s | %s |%n", name, value, ratio, goal);
    }

    private static Duration phase() {
        return MEASURE;
    }

    /** A measurement preceded by the same load as warm-up, discarded. */
    private interface Run {
        Load.Result run() throws Exception;
    }

    private static Load.Result measure(Run run) throws Exception {
        Duration remaining = WARMUP;
        while (!remaining.isNegative() && !remaining.isZero()) {
            run.run();
            remaining = remaining.minus(MEASURE);
        }
        return run.run();
    }

    private static Load.Result[] measureTogether(Run first, Run second) throws Exception {
        measure(() -> {
            CompletableFuture<Load.Result> a = CompletableFuture.supplyAsync(() -> unchecked(first));
            Load.Result b = second.run();
            a.join();
            return b;
        });
        CompletableFuture<Load.Result> a = CompletableFuture.supplyAsync(() -> unchecked(first));
        Load.Result b = second.run();
        return new Load.Result[] {a.join(), b};
    }

    private static Load.Result unchecked(Run run) {
        try {
            return run.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Load.Result median(List<Load.Result> results) {
        Function<Function<Load.Result, Double>, Double> med = field -> medianOf(results.stream().map(field).toList());
        return new Load.Result(med.apply(Load.Result::perSecond), med.apply(Load.Result::p50Millis),
                med.apply(Load.Result::p99Millis), Math.round(med.apply(r -> (double) r.refused())));
    }

    private static double medianOf(Collection<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Map<String, Double> jmh() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HashAndTokenBenchmarks.class.getName())
                .forks(1).warmupIterations(5).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1)).build()).run();
        Map<String, Double> micros = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            micros.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        return micros;
    }

    /**
     * Logins rotate over {@value #LOGIN_USERS} users, as many people log in at once in service (the
     * server admits one attempt at a time per username).
     */
    private static HttpRequest loginRequest(URI server) {
        String username = "user" + Math.floorMod(NEXT_USER.getAndIncrement(), LOGIN_USERS) + "@example.com";
        return HttpRequest.newBuilder(server.resolve("login")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"password\":\"" + PASSWORD + "\",\"username\":\"" + username + "\"}")).build();
    }

    /** Adds the login users to the server's store before it starts, all with the same password. */
    private static void addUsers(Path dataDir) {
        String hash = new Argon2idPasswordHasher(
                Argon2Parameters.OWASP_MINIMUM).hash(PASSWORD);
        try (Database database = Database.open(
                StoreSettings.embedded(dataDir))) {
            JdbcUserDirectory users = new JdbcUserDirectory(database);
            users.add(USER, hash, "ADMINISTRATOR", Optional.empty());
            for (int i = 0; i < LOGIN_USERS; i++) {
                users.add("user" + i + "@example.com", hash, "Operator", Optional.empty());
            }
        }
        // Close the embedded database in this JVM for good, so that the server process can open it.
        try (Connection connection = DriverManager.getConnection(StoreSettings.embedded(dataDir).jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the benchmark's database", e);
        }
    }

    /** Each logout revokes a fresh token, minted here with the server's key (a few microseconds). */
    private static HttpRequest logoutRequest(URI server, AccessTokenService minter, User user) {
        String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        return HttpRequest.newBuilder(server.resolve("logout")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Validations cycle over many distinct valid tokens, as a service checks the tokens of many callers. */
    private static HttpRequest validateRequest(URI server, List<String> tokens) {
        String token = tokens.get(Math.floorMod(NEXT_TOKEN.getAndIncrement(), tokens.size()));
        return HttpRequest.newBuilder(server.resolve("auth/apitoken/:validate")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(token)).build();
    }

    private static HttpRequest introspectRequest(URI server, List<String> tokens) {
        String token = tokens.get(Math.floorMod(NEXT_TOKEN.getAndIncrement(), tokens.size()));
        return HttpRequest.newBuilder(server.resolve("auth/apitoken/info")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private static HttpRequest permissionsRequest(URI server, List<String> tokens) {
        String token = tokens.get(Math.floorMod(NEXT_TOKEN.getAndIncrement(), tokens.size()));
        return HttpRequest.newBuilder(server.resolve("auth/permissions")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    /** A JSON array of about as many bytes as {@code listPermissions} answers. */
    private static HttpRequest bareListRequest(URI bare, int bytes) {
        return HttpRequest.newBuilder(bare.resolve("list/" + bytes)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpRequest bareGetRequest(URI bare) {
        return HttpRequest.newBuilder(bare.resolve("echo")).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** A validation's shape: a token's length of text in, 200 out. */
    private static HttpRequest bareCheckRequest(URI bare) {
        return HttpRequest.newBuilder(bare.resolve("check")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x".repeat(400)))
                .build();
    }

    private static HttpRequest echoRequest(URI bare) {
        return HttpRequest.newBuilder(bare.resolve("echo")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"benchmark\",\"n\":1}")).build();
    }

    private static void awaitReady(Supplier<HttpRequest> probe) throws Exception {
        Launched.awaitOk(probe, Duration.ofSeconds(60), Duration.ofMillis(5));
    }

    /** @return seconds from process start to the first successful request */
    private static double startup(List<String> command, Map<String, String> environment, Supplier<HttpRequest> probe)
            throws Exception {
        try (Launched process = Launched.start(command, environment)) {
            awaitReady(probe);
            return process.age() / 1e9;
        }
    }

    /** Adds revocations of tokens that expire in a day, as many logouts would have, to the stopped server's store. */
    private static void addRevocations(Path dataDir, int count) throws SQLException {
        SecureRandom random = new SecureRandom();
        long expiresAt = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        try (Connection connection = DriverManager.getConnection(StoreSettings.embedded(dataDir).jdbcUrl());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= count; i++) {
                byte[] jti = new byte[16];
                random.nextBytes(jti);
                insert.setBytes(1, jti);
                insert.setLong(2, expiresAt);
                insert.addBatch();
                if (i % 10_000 == 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN"); // the server process opens the file next
            }
        }
    }

    /**
     * H2's {@code DISK_SPACE_USED} counts a table's rows but not its indexes, so the figure that
     * counts is the whole database file after {@code SHUTDOWN COMPACT}, divided by the revocations
     * in it: an upper bound, since it also holds the users, the keys and the schema.
     *
     * @return the number of revoked tokens, the bytes of their rows, and the bytes of the compacted file
     */
    private static double[] revocationStorage(Path dataDir) throws Exception {
        long count;
        long rows;
        try (Connection connection = DriverManager.getConnection(StoreSettings.embedded(dataDir).jdbcUrl());
                Statement statement = connection.createStatement()) {
            try (ResultSet counted = statement.executeQuery("SELECT COUNT(*) FROM revoked_tokens")) {
                counted.next();
                count = counted.getLong(1);
            }
            try (ResultSet size = statement.executeQuery("SELECT DISK_SPACE_USED('revoked_tokens')")) {
                size.next();
                rows = size.getLong(1);
            }
            statement.execute("SHUTDOWN COMPACT");
        }
        long file = Files.size(dataDir.resolve(StoreSettings.EMBEDDED_DATABASE + ".mv.db"));
        return new double[] {count, rows, file};
    }
}
