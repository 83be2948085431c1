package dev.xiqauth.server;

import dev.xiqauth.guard.XiqPrincipal;
import dev.xiqauth.guard.XiqTokenGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Another service in this JVM, guarded by {@code api-guard} against an auth server: one resource, {@code whoami},
 * that any valid token may call. What the tests present tokens to, as a client of that service would.
 */
final class GuardedService implements AutoCloseable {
    private final XiqTokenGuard guard;
    private final Server server;
    private final URI whoami;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The service's one resource. */
    @Path("whoami")
    public static final class WhoAmI {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String whoami(@Context SecurityContext security) {
            return XiqPrincipal.of(security).getName();
        }
    }

    private GuardedService(XiqTokenGuard guard) {
        this.guard = guard;
        this.server = JettyHttpContainerFactory.createServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig(WhoAmI.class).register(guard));
        this.whoami = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/whoami");
    }

    /**
     * @param authServer where the guard asks (the server, or a proxy in front of it)
     * @param credential the service's own credential, an API token holding {@code token:introspect}
     * @return the service, serving, its guard following the server's changes
     */
    static GuardedService start(URI authServer, String credential) {
        return new GuardedService(XiqTokenGuard.builder(authServer).credential(credential)
                .timeout(Duration.ofSeconds(2)).build());
    }

    /** @return the address of its one resource */
    URI whoami() {
        return whoami;
    }

    /** @return the guard */
    XiqTokenGuard guard() {
        return guard;
    }

    /** @return the status of {@code GET /whoami} with the token: 200 while the guard accepts it */
    int status(String token) {
        try {
            return http.send(HttpRequest.newBuilder(whoami).header("Authorization", "Bearer " + token).GET()
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the guard answers from memory: it holds a lease. */
    GuardedService awaitLease() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!guard.answersFromMemory()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the guard took no lease within 10 s");
            }
            Thread.sleep(10);
        }
        return this;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            guard.close();
        }
    }
}
