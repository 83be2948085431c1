package dev.xiqauth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.user.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leases' scene: three instances on one PostgreSQL (the first one the report's shared instance) and four
 * guarded services, each following one of them ({@code BareJerseyApp} with {@code api-guard}), all on the servers'
 * core. What a logout costs when seven views hold leases; whether a frozen guard delays it past its lease; and
 * whether any of them accepts a token after its logout's 200.
 */
final class LeasedViews implements AutoCloseable {
    static final int GUARDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> instances;
    private final List<Launched> processes = new ArrayList<>();
    private final List<URI> guards = new ArrayList<>();
    private final List<Launched> guardProcesses = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LeasedViews(List<URI> instances) {
        this.instances = instances;
    }

    /**
     * @param first the report's shared instance, serving already
     * @param credentialOwner a user of the store and its password, to make the guards' credential with
     */
    static LeasedViews start(SharedStore store, Path serverJar, Map<String, String> serverEnvironment, URI first,
            Path ownJar, String[] credentialOwner) throws Exception {
        List<URI> instances = new ArrayList<>(List.of(first));
        LeasedViews scene = new LeasedViews(instances);
        try {
            for (int i = 1; i < 3; i++) {
                int port = Launched.freePort();
                scene.processes.add(store.launch(serverJar, port, serverEnvironment));
                URI instance = URI.create("http://127.0.0.1:" + port + "/");
                instances.add(instance);
                Launched.awaitOk(() -> HttpRequest.newBuilder(instance.resolve("health/ready")).GET().build(),
                        Duration.ofSeconds(120), Duration.ofMillis(200));
            }
            String credential = scene.credential(first, credentialOwner[0], credentialOwner[1]);
            Map<String, String> guardEnvironment = new HashMap<>(Map.of("BENCH_GUARD_CREDENTIAL", credential));
            for (int i = 0; i < GUARDS; i++) {
                int port = Launched.freePort();
                scene.guardProcesses.add(Launched.start(List.of(Launched.java(), "-cp", ownJar.toString(),
                        BareJerseyApp.class.getName(), Integer.toString(port), "64",
                        instances.get(i % instances.size()).toString()), guardEnvironment));
                URI guard = URI.create("http://127.0.0.1:" + port + "/");
                scene.guards.add(guard);
            }
            return scene;
        } catch (Exception e) {
            scene.close();
            throw e;
        }
    }

    private String credential(URI server, String username, String password) throws Exception {
        String login = JSON.readTree(http.send(HttpRequest.newBuilder(server.resolve("login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", username, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
        return JSON.readTree(http.send(HttpRequest.newBuilder(server.resolve("auth/apitoken"))
                .header("Authorization", "Bearer " + login).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"permissions\":[\"token:introspect\"],"
                        + "\"rate_limit\":{\"hour\":1000000000}}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
    }

    /** Moves the instances this scene started, and its guards, to these cores. */
    void runOn(String cores) throws IOException, InterruptedException {
        for (Launched process : processes) {
            process.runOn(cores);
        }
        for (Launched guard : guardProcesses) {
            guard.runOn(cores);
        }
    }

    /** @return the instances */
    List<URI> instances() {
        return instances;
    }

    /** @return the guarded services */
    List<URI> guards() {
        return guards;
    }

    /** Waits until every guard serves a valid token, which it does once it has asked. */
    void awaitGuards(String token) throws InterruptedException {
        for (URI guard : guards) {
            Launched.awaitOk(() -> guarded(guard, token), Duration.ofSeconds(120), Duration.ofMillis(200));
        }
    }

    static HttpRequest guarded(URI service, String token) {
        return HttpRequest.newBuilder(service.resolve("echo")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private int status(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long logout(URI instance, String token) throws IOException, InterruptedException {
        long started = System.nanoTime();
        int status = status(HttpRequest.newBuilder(instance.resolve("logout")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (status != 200) {
            throw new IllegalStateException("a logout answered " + status);
        }
        return System.nanoTime() - started;
    }

    private int instanceStatus(URI instance, String token) throws IOException, InterruptedException {
        return status(HttpRequest.newBuilder(instance.resolve("auth/apitoken/info")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    /**
     * A guard frozen with its lease: a logout at the instance it follows, timed; the guard let go; the token
     * presented to it.
     *
     * @return the logout's time in seconds, and the frozen guard's status for the token once thawed
     */
    double[] frozenGuard(AccessTokenService minter, User user) throws Exception {
        String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        for (URI guard : guards) {
            status(guarded(guard, token));
        }
        Launched frozen = guardProcesses.get(1);
        frozen.freeze();
        try {
            long took = logout(instances.get(1), token);
            frozen.thaw();
            return new double[] {took / 1e9, status(guarded(guards.get(1), token))};
        } finally {
            frozen.thaw();
        }
    }

    /**
     * Logouts one at a time, each at the next instance, with every guard holding a lease: what one logout costs a
     * client when seven views must acknowledge it.
     *
     * @return the median and the 99th percentile, in milliseconds
     */
    double[] sequentialLogouts(AccessTokenService minter, User user, int count) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = logout(instances.get(i % instances.size()),
                    minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken());
        }
        Arrays.sort(nanos);
        return new double[] {nanos[count / 2] / 1e6, nanos[(int) Math.floor(count * 0.99)] / 1e6};
    }

    /**
     * Rounds of "log out on one instance, present the token at once to every other instance and every guard",
     * each guard having served the token just before (so it holds it in memory).
     *
     * @return how many times a revoked token was accepted, and how many presentations there were
     */
    long[] revokedAccepted(AccessTokenService minter, User user, int rounds) throws Exception {
        long accepted = 0;
        long presented = 0;
        for (int round = 0; round < rounds; round++) {
            String token = minter.issue(user, RateLimitPolicy.XIQ_DEFAULT).accessToken();
            for (URI guard : guards) {
                if (status(guarded(guard, token)) != 200) {
                    throw new IllegalStateException("a guard refused a valid token in round " + round);
                }
            }
            URI revoking = instances.get(round % instances.size());
            logout(revoking, token);
            for (URI instance : instances) {
                if (instance != revoking) {
                    presented++;
                    if (instanceStatus(instance, token) != 401) {
                        accepted++;
                    }
                }
            }
            for (URI guard : guards) {
                presented++;
                if (status(guarded(guard, token)) != 401) {
                    accepted++;
                }
            }
        }
        return new long[] {accepted, presented};
    }

    @Override
    public void close() throws InterruptedException {
        for (Launched guard : guardProcesses) {
            guard.close();
        }
        for (Launched instance : processes) {
            instance.close();
        }
    }
}
