package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * The client filter learns each request's peer from the Jetty request its container is handling, also when the
 * body was read on another thread first, and nothing is left behind on the thread once the request is handled.
 */
final class CurrentJettyRequestTest {
    @Path("client")
    public static final class Client {
        @POST
        public String client(@Context ContainerRequestContext request, String body) {
            return ClientAddressFilter.CLIENT_ADDRESS.get(request) + " " + body.length();
        }
    }

    private static String clientSeenThrough(Handler container) throws Exception {
        Server server = JettyServers.create("127.0.0.1", 0, 4, HttpLimits.DEFAULTS, Optional.empty());
        server.start();
        try {
            JettyServers.serve(server, new RequestBodyReader(container, 1 << 20, Duration.ofSeconds(5), () -> { }));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + JettyServers.portOf(server) + "/client"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(10_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            return answer.body();
        } finally {
            server.stop();
        }
    }

    private static ResourceConfig application(CurrentJettyRequest current) {
        return new ResourceConfig().register(Client.class).register(new ClientAddressFilter(
                new ClientResolver(new ClientAddresses(List.of()), new ClientKeys(64)), current));
    }

    @Test
    void theContainerSeesTheRequestItHandlesAndTheThreadKeepsNothingAfterwards() throws Exception {
        CurrentJettyRequest current = new CurrentJettyRequest();
        List<Request> seen = new CopyOnWriteArrayList<>();
        Handler container = current.around(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                current.get().ifPresent(seen::add);
                Content.Sink.write(response, true, ClientAddressFilter.class.getSimpleName(), callback);
                return true;
            }
        });
        clientSeenThrough(container);
        assertThat(seen).hasSize(1);
        assertThat(Request.getRemoteAddr(seen.get(0))).isEqualTo("127.0.0.1");
        assertThat(current.get()).isEmpty();
    }

    @Test
    void theClientFilterSeesTheConnectionsPeerThroughTheContainer() throws Exception {
        CurrentJettyRequest current = new CurrentJettyRequest();
        assertThat(clientSeenThrough(JettyServers.container(application(current), current)))
                .isEqualTo("127.0.0.1 10000");
    }

    @Test
    void aContainerThatDoesNotPublishTheRequestHasItLookedUpThroughJerseysInjection() throws Exception {
        CurrentJettyRequest current = new CurrentJettyRequest();
        assertThat(clientSeenThrough(JettyServers.container(application(current)))).isEqualTo("127.0.0.1 10000");
    }
}
