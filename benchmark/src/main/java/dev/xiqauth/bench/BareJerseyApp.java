package dev.xiqauth.bench;

import dev.xiqauth.guard.XiqTokenGuard;
import dev.xiqauth.server.permission.PermissionCatalogue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The ceilings to compare logout, validation and introspection with, each of the same shape on the same Jetty
 * and Jersey setup (same worker threads, same JSON provider), doing nothing else: {@code POST /check} reads a
 * short text body and answers 200 with none (as validation and logout do), {@code GET /echo} writes a JSON
 * object of the size introspection writes, {@code GET /list/N} a JSON array of about N bytes (as
 * {@code listPermissions} writes); {@code POST /echo} (JSON in and out) is the startup probe. Given an auth
 * server's address (its third argument) and the service's credential ({@code BENCH_GUARD_CREDENTIAL}), the same app
 * is guarded by {@code api-guard}, following that server's changes: the guarded service of the leases' figures.
 * Benchmark-only, never part of the served API.
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

        /** An administrator's scopes in XIQ's model: its 117 permissions, some 2 KB of names. */
        private static final List<String> SCOPES = List.copyOf(new TreeSet<>(
                PermissionCatalogue.defaults().permissionsOf("ADMINISTRATOR")));

        /** The shape of {@code getCurrentApiTokenInfo}'s answer for an administrator's login token. */
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> get() {
            return Map.of("user_name", "bench@example.com", "user_id", 1, "role", "ADMINISTRATOR", "owner_id", 0,
                    "data_center", "", "scopes", SCOPES,
                    "issued_at", "2026-12-07T04:11:11.000+00:00", "expiration_time", "2026-12-08T04:11:11.000+00:00",
                    "expires_in", 85022, "token_use", "login");
        }
    }

    /** The shape of {@code listPermissions}' answer: a JSON array of objects, about as many bytes as asked. */
    @Path("/list/{bytes}")
    public static final class ListResource {
        /** 107 bytes each, with its comma: a permission's name, description and category. */
        private static final Map<String, Object> ENTRY = Map.of("name", "device:reboot",
                "description", "Permission to reboot device(s) xx xxxxxxxxxxx", "category", "Device");

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public List<Map<String, Object>> list(@PathParam("bytes") int bytes) {
            return Collections.nCopies(Math.max(1, Math.round(bytes / 107f)), ENTRY);
        }
    }

    /** The shape of {@code validateApiToken} and {@code logout}: a short text body (or none) in, 200 out. */
    @Path("/check")
    public static final class CheckResource {
        @POST
        @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
        public Response check(String body) {
            return Response.ok().build();
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
        ResourceConfig app = new ResourceConfig().register(EchoResource.class).register(CheckResource.class)
                .register(ListResource.class).register(JacksonFeature.withoutExceptionMappers());
        if (args.length > 2) {
            app.register(XiqTokenGuard.builder(URI.create(args[2])).credential(System.getenv("BENCH_GUARD_CREDENTIAL"))
                    .build());
        }
        http.setHandler(ContainerFactory.createContainer(JettyHttpContainer.class, app));
        http.start();
        System.out.println("ready " + port);
        Thread.currentThread().join();
    }
}
