package dev.xiqauth.bench;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The ceilings to compare logout, validation and introspection with: a Jersey POST endpoint that reads a
 * small JSON body and returns a small JSON body, and a GET endpoint that returns one, on the same Jetty
 * and Jersey setup (same worker threads, same JSON provider), doing nothing else. Benchmark-only, never part
 * of the served API.
 */
public final class BareJerseyApp {
    private BareJerseyApp() {
    }

    /** Echoes a field of a small JSON body. */
    @Path("/echo")
    public static final class EchoResource {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> echo(Map<String, Object> body) {
            return Map.of("ok", true, "name", String.valueOf(body.get("name")));
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> get() {
            return Map.of("ok", true, "name", "benchmark");
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args.length > 1 ? args[1] : "64");
        Server http = new Server(new QueuedThreadPool(threads + 6));
        ServerConnector connector = new ServerConnector(http, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        http.addConnector(connector);
        http.setHandler(ContainerFactory.createContainer(JettyHttpContainer.class, new ResourceConfig()
                .register(EchoResource.class).register(JacksonFeature.withoutExceptionMappers())));
        http.start();
        System.out.println("ready " + port);
        Thread.currentThread().join();
    }
}
