package com.example.protectedservice;

import dev.xiqauth.guard.XiqTokenGuard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A small inventory service that trusts the XIQ Authentication server for who its callers are:
 * {@code GET /inventory} needs one of XIQ's permissions of its {@code GET /devices} ({@code device:list},
 * {@code device} or {@code device:r}), {@code GET /whoami} any valid token. It asks the
 * server about each caller's token with its own credential (RFC 7662): an API token holding
 * {@code token:introspect}, read from the environment variable {@code INVENTORY_CREDENTIAL}, or from the file
 * {@code INVENTORY_CREDENTIAL_FILE} names.
 *
 * <pre>
 * INVENTORY_CREDENTIAL_FILE=/run/secrets/inventory \
 *   java com.example.protectedservice.ProtectedService --auth-server http://127.0.0.1:8081 --port 8090
 * </pre>
 */
public final class ProtectedService {
    private ProtectedService() {
    }

    /** The application: the same for {@code main} and for any test of it. */
    static ResourceConfig application(XiqTokenGuard guard) {
        return new ResourceConfig(InventoryResource.class, WhoAmIResource.class).register(guard);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        URI authServer = null;
        int port = -1;
        XiqTokenGuard guard = null;
        try {
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--auth-server" -> authServer = URI.create(args[i + 1]);
                    case "--port" -> port = Integer.parseInt(args[i + 1]);
                    default -> usage("unknown option " + args[i]);
                }
            }
            if (authServer == null || port < 0 || port > 65_535 || args.length % 2 != 0) {
                usage("--auth-server URL and --port N are both required");
            }
            guard = XiqTokenGuard.builder(authServer).credential(credential()).build();
        } catch (IllegalArgumentException invalid) {
            usage(invalid.getMessage());
        }

        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, application(guard));
        CountDownLatch stopped = new CountDownLatch(1);
        XiqTokenGuard started = guard;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            started.close();
            stopped.countDown();
        }));
        System.out.println("protected service listening on " + base + ", trusting " + authServer);
        stopped.await();
    }

    /** The service's credential is a secret: from the environment, or a file it names, never an argument. */
    private static String credential() throws IOException {
        String file = System.getenv("INVENTORY_CREDENTIAL_FILE");
        String credential = file != null ? Files.readString(Path.of(file)) : System.getenv("INVENTORY_CREDENTIAL");
        if (credential == null) {
            throw new IllegalArgumentException("set INVENTORY_CREDENTIAL_FILE (or INVENTORY_CREDENTIAL) to the service's"
                    + " credential, an API token holding token:introspect");
        }
        return credential;
    }

    private static void usage(String problem) {
        System.err.println("protected-service: " + problem
                + "; usage: ProtectedService --auth-server URL --port N");
        System.exit(2);
    }
}
