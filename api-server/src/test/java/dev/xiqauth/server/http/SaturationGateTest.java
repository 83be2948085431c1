package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A saturated resource's requests are refused before the application sees them, after a delay that
 * holds no request thread; every other request is served as before.
 */
final class SaturationGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELAY = Duration.ofMillis(400);
    private static final AtomicInteger LOGINS_SERVED = new AtomicInteger();

    @Path("/")
    public static final class Endpoints {
        @POST
        @Path("login")
        public String login() {
            LOGINS_SERVED.incrementAndGet();
            return "hashed";
        }

        @GET
        @Path("other")
        public String other() {
            return "other";
        }
    }

    private final AtomicBoolean saturated = new AtomicBoolean();
    private final AtomicInteger refusals = new AtomicInteger();
    private Server server;
    private SaturationGate gate;
    private URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        LOGINS_SERVED.set(0);
        // Two request threads: far fewer than the refusals held at once in one of the tests.
        server = JettyServers.create("127.0.0.1", 0, 2, HttpLimits.DEFAULTS, Optional.empty());
        server.start();
        gate = new SaturationGate(JettyServers.container(new ResourceConfig().register(Endpoints.class)),
                SaturationGate.requestsTo("POST", "/login"), saturated::get, DELAY, refusals::incrementAndGet);
        JettyServers.serve(server, gate);
        base = URI.create("http://127.0.0.1:" + JettyServers.portOf(server) + "/");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if ("GET".equals(method)) {
            return request.GET().build();
        }
        return request.method(method, HttpRequest.BodyPublishers.ofString("{\"username\":\"u\",\"password\":\"p\"}"))
                .header("Content-Type", "application/json").build();
    }

    @Test
    void whileTheResourceHasRoomItsRequestsReachTheApplication() throws Exception {
        HttpResponse<String> served = send("POST", "login");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("hashed");
        assertThat(refusals).hasValue(0);
    }

    @Test
    void whileSaturatedItsRequestsAreRefused503WithAnXiqErrorAfterTheDelayAndNeverReachTheApplication()
            throws Exception {
        saturated.set(true);
        long start = System.nanoTime();
        HttpResponse<String> refused = send("POST", "login");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.get("error_code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(error.get("error_id").asText()).matches("[0-9a-f]{32}");
        assertThat(tookMillis).as("the refusal was held").isGreaterThanOrEqualTo(DELAY.toMillis());
        assertThat(LOGINS_SERVED).as("the application never saw it").hasValue(0);
        assertThat(refusals).hasValue(1);

        saturated.set(false);
        assertThat(send("POST", "login").statusCode()).as("served again once there is room").isEqualTo(200);
    }

    @Test
    void otherRequestsAreServedAtOnceWhileMoreRefusalsAreHeldThanThereAreRequestThreads() throws Exception {
        saturated.set(true);
        List<CompletableFuture<HttpResponse<Void>>> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(client.sendAsync(request("POST", "login"), HttpResponse.BodyHandlers.discarding()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (refusals.get() < 20) {
            assertThat(System.nanoTime()).as("all twenty refusals are held").isLessThan(deadline);
            Thread.sleep(5);
        }

        long start = System.nanoTime();
        HttpResponse<String> other = send("GET", "other");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        HttpResponse<String> samePathOtherMethod = send("PUT", "login");

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(tookMillis).as("no request thread is held by a refusal").isLessThan(DELAY.toMillis());
        assertThat(samePathOtherMethod.statusCode()).as("only POST /login is guarded").isEqualTo(405);
        for (CompletableFuture<HttpResponse<Void>> refusal : held) {
            assertThat(refusal.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aGracefulStopAnswersTheHeldRefusalsWithinTheDelay() throws Exception {
        saturated.set(true);
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(request("POST", "login"),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (refusals.get() < 1) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(30));
        long start = System.nanoTime();
        server.stop();

        assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("the stop waited for the delay only")
                .isLessThan(3 * DELAY.toMillis());
    }
}
