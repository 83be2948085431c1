package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** A listener whose port is open before the application is ready answers 503, never 404 or 500. */
final class JettyServersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Path("ready")
    public static final class Ready {
        @GET
        public String ready() {
            return "ready";
        }
    }

    @Test
    void beforeTheApplicationIsServedEveryRequestIsAnswered503WithRetryAfter() throws Exception {
        Server server = JettyServers.create("127.0.0.1", 0, 4, HttpLimits.DEFAULTS, Optional.empty());
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + JettyServers.portOf(server) + "/ready");

            HttpResponse<String> starting = client.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).contains("1");
            assertThat(starting.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode error = JSON.readTree(starting.body());
            assertThat(error.get("error_code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(error.get("error_id").asText()).matches("[0-9a-f]{32}");

            JettyServers.serve(server, JettyServers.container(new ResourceConfig().register(Ready.class)));
            HttpResponse<String> served = client.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("ready");
        } finally {
            server.stop();
        }
    }

    /**
     * The application's handler is started before it is served: a request that arrived while it started was handed
     * to it half-started (Jetty's {@code ConditionalHandler} then threw a NullPointerException, answered 500).
     */
    @Test
    void whileTheApplicationStartsRequestsAreStillAnswered503() throws Exception {
        Server server = JettyServers.create("127.0.0.1", 0, 4, HttpLimits.DEFAULTS, Optional.empty());
        server.start();
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch mayFinishStarting = new CountDownLatch(1);
        Handler slowToStart = new Handler.Abstract() {
            @Override
            protected void doStart() throws Exception {
                starting.countDown();
                assertThat(mayFinishStarting.await(30, TimeUnit.SECONDS)).isTrue();
                super.doStart();
            }

            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(isStarted() ? 200 : 500);
                callback.succeeded();
                return true;
            }
        };
        ExecutorService opener = Executors.newSingleThreadExecutor();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + JettyServers.portOf(server)
                    + "/ready")).build();
            Future<?> opened = opener.submit(() -> JettyServers.serve(server, slowToStart));
            assertThat(starting.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("a request while the application starts").isEqualTo(503);

            mayFinishStarting.countDown();
            opened.get(30, TimeUnit.SECONDS);
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            mayFinishStarting.countDown();
            opener.shutdownNow();
            server.stop();
        }
    }
}
