package dev.xiqauth.server;

import dev.xiqauth.server.auth.InMemoryRevocationStore;
import dev.xiqauth.server.auth.SigningKey;
import dev.xiqauth.server.auth.SigningKeySource;
import dev.xiqauth.server.auth.TokenSettings;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.BootstrapUser;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.PasswordHasher;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a process runs it: Grizzly listening on the configured address, serving the
 * application built by {@link XiqAuthApplication}, with its stores and background work.
 * {@link #close()} stops accepting, lets requests in flight finish within the grace period, then
 * releases everything.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final HttpServer http;
    private final ScheduledExecutorService housekeeping;
    private final ServerSettings settings;
    private final URI baseUri;

    private RunningServer(HttpServer http, ScheduledExecutorService housekeeping, ServerSettings settings,
            URI baseUri) {
        this.http = http;
        this.housekeeping = housekeeping;
        this.settings = settings;
        this.baseUri = baseUri;
    }

    /**
     * Starts a server.
     *
     * @param settings its settings
     * @param secrets where the signing key and the first user's credentials may be given
     * @param clock the time of token issuing and checking
     * @param console where the first user's generated password is shown
     * @return the running server
     * @throws IOException if the data directory, the key or the port cannot be used
     */
    public static RunningServer start(ServerSettings settings, Secrets secrets, Clock clock, PrintStream console)
            throws IOException {
        SecureRandom random = new SecureRandom();
        SigningKey key = new SigningKeySource(random).load(settings.signingKeyFile(),
                secrets.get("XIQ_AUTH_SIGNING_KEY"), settings.dataDir());
        PasswordHasher hasher = new Argon2idPasswordHasher(settings.argon2());
        InMemoryUserDirectory users = new InMemoryUserDirectory();
        new BootstrapUser(users, hasher, random, console).ensureOneUser(secrets.get("XIQ_AUTH_BOOTSTRAP_USERNAME"),
                secrets.get("XIQ_AUTH_BOOTSTRAP_PASSWORD"));
        InMemoryRevocationStore revocations = new InMemoryRevocationStore(clock);

        // Listen first: with port 0 the issuer's default names the port actually chosen.
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + hostForUri(settings.host()) + ":" + settings.port() + "/"), false);
        http.start();
        int port = http.getListener("grizzly").getPort();
        TokenSettings tokens = new TokenSettings(settings.issuerFor(port), settings.tokenLifetime(),
                TokenSettings.MAX_CLOCK_SKEW);
        XiqAuthApplication application = XiqAuthApplication.builder()
                .users(users)
                .hasher(hasher)
                .revocations(revocations)
                .signingKey(key)
                .tokenSettings(tokens)
                .realm(settings.realm())
                .clock(clock)
                .random(random)
                .build();
        http.getServerConfiguration().addHttpHandler(
                ContainerFactory.createContainer(GrizzlyHttpContainer.class, application.resourceConfig()), "/");

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revocation-purge");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(() -> purge(revocations), 1, 1, TimeUnit.MINUTES);

        URI baseUri = URI.create("http://localhost:" + port + "/");
        LOG.info("serving the XIQ Authentication API at {} (listening on {}:{}, issuer {}, signing key {})",
                baseUri, settings.host(), port, tokens.issuer(), key.keyId());
        return new RunningServer(http, housekeeping, settings, baseUri);
    }

    /** @return the port listened on */
    public int port() {
        return baseUri.getPort();
    }

    /** @return the local URL of the API */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        LOG.info("shutting down: finishing requests in flight for up to {}", settings.shutdownGrace());
        try {
            http.shutdown(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
                    .get(settings.shutdownGrace().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("requests were still in flight after the grace period; stopping now");
            http.shutdownNow();
        } finally {
            housekeeping.shutdownNow();
        }
        LOG.info("stopped");
    }

    private static void purge(InMemoryRevocationStore revocations) {
        try {
            int purged = revocations.purgeExpired();
            if (purged > 0) {
                LOG.debug("purged {} revocations of expired tokens", purged);
            }
        } catch (RuntimeException e) {
            // A failed purge must not end the schedule: the next run tries again.
            LOG.warn("purging expired revocations failed", e);
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
