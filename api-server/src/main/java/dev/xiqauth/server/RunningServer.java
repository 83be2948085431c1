package dev.xiqauth.server;

import dev.xiqauth.server.auth.KeyRing;
import dev.xiqauth.server.auth.RevocationStore;
import dev.xiqauth.server.auth.SigningKeySource;
import dev.xiqauth.server.auth.StaticKeyRing;
import dev.xiqauth.server.auth.StoredKeyRing;
import dev.xiqauth.server.auth.TokenSettings;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.error.XiqErrorPageGenerator;
import dev.xiqauth.server.metrics.ServerMetrics;
import dev.xiqauth.server.ops.CachedReadiness;
import io.micrometer.core.instrument.Gauge;
import dev.xiqauth.server.store.DataDirectory;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcLoginFailureStore;
import dev.xiqauth.server.store.JdbcRevocationStore;
import dev.xiqauth.server.store.JdbcSigningKeyStore;
import dev.xiqauth.server.store.JdbcUserDirectory;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.BootstrapUser;
import dev.xiqauth.server.user.BoundedPasswordHasher;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.UserDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a process runs it: its store, Grizzly listening on the configured address and
 * serving the application built by {@link XiqAuthApplication}, and the background work (purging
 * expired revocations, reloading rotated keys). {@link #close()} stops accepting, lets requests in
 * flight finish within the grace period, then closes the store.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);
    private static final long PURGE_PERIOD_SECONDS = 60;
    private static final long KEY_REFRESH_PERIOD_SECONDS = 10;
    private static final long MAX_UNREAD_BODY_TO_DRAIN = 1024 * 1024;
    private static final long READINESS_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpServer http;
    private final Optional<HttpServer> operations;
    private final ServerMetrics metrics;
    private final ScheduledExecutorService housekeeping;
    private final Database database;
    private final ServerSettings settings;
    private final URI baseUri;
    private final XiqErrorAddOn xiqErrors;

    private RunningServer(HttpServer http, Optional<HttpServer> operations, ServerMetrics metrics,
            ScheduledExecutorService housekeeping, Database database, ServerSettings settings, URI baseUri,
            XiqErrorAddOn xiqErrors) {
        this.xiqErrors = xiqErrors;
        this.http = http;
        this.operations = operations;
        this.metrics = metrics;
        this.housekeeping = housekeeping;
        this.database = database;
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
     * @throws IOException if the data directory, the key file or the port cannot be used
     */
    public static RunningServer start(ServerSettings settings, Secrets secrets, Clock clock, PrintStream console)
            throws IOException {
        SecureRandom random = new SecureRandom();
        if (!settings.store().isShared()) {
            DataDirectory.prepare(settings.dataDir());
        }
        ServerMetrics metrics = ServerMetrics.create();
        Database database;
        try {
            database = Database.open(settings.store(), metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            return start(settings, secrets, clock, console, random, database, metrics);
        } catch (IOException | RuntimeException e) {
            database.close();
            metrics.close();
            throw e;
        }
    }

    private static RunningServer start(ServerSettings settings, Secrets secrets, Clock clock, PrintStream console,
            SecureRandom random, Database database, ServerMetrics metrics) throws IOException {
        UserDirectory users = new JdbcUserDirectory(database);
        RevocationStore revocations = new JdbcRevocationStore(database, clock);
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(new Argon2idPasswordHasher(settings.argon2()),
                settings.hashConcurrency(), settings.hashQueue());
        Gauge.builder("xiq.auth.hash.queue.depth", hasher, BoundedPasswordHasher::queueDepth)
                .description("Logins waiting for a turn at password hashing").register(metrics.registry());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return startWith(settings, secrets, clock, console, random, database, users, revocations, hasher,
                    housekeeping, metrics);
        } catch (IOException | RuntimeException e) {
            housekeeping.shutdownNow();
            throw e;
        }
    }

    private static RunningServer startWith(ServerSettings settings, Secrets secrets, Clock clock, PrintStream console,
            SecureRandom random, Database database, UserDirectory users, RevocationStore revocations,
            PasswordHasher hasher, ScheduledExecutorService housekeeping, ServerMetrics metrics) throws IOException {
        KeyRing keys = SigningKeySource.configured(settings.signingKeyFile(), secrets.get("XIQ_AUTH_SIGNING_KEY"))
                .<KeyRing>map(StaticKeyRing::new)
                .orElseGet(() -> {
                    StoredKeyRing stored = StoredKeyRing.open(new JdbcSigningKeyStore(database, clock), random, clock);
                    schedule(housekeeping, "reload signing keys", stored::refresh, KEY_REFRESH_PERIOD_SECONDS);
                    return stored;
                });
        new BootstrapUser(users, hasher, random, console).ensureOneUser(secrets.get("XIQ_AUTH_BOOTSTRAP_USERNAME"),
                secrets.get("XIQ_AUTH_BOOTSTRAP_PASSWORD"));
        schedule(housekeeping, "purge expired revocations", () -> {
            int purged = revocations.purgeExpired();
            if (purged > 0) {
                LOG.debug("purged {} revocations of expired tokens", purged);
            }
        }, PURGE_PERIOD_SECONDS);

        // Listen first: with port 0 the issuer's default names the port actually chosen.
        HttpServer http = httpServer(settings.host(), settings.port());
        XiqErrorAddOn xiqErrors = new XiqErrorAddOn();
        http.getListener("grizzly").registerAddOn(xiqErrors);
        // Enough request threads that logins waiting for a hash never leave logouts without one.
        http.getListener("grizzly").getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("xiq-auth-http").setCorePoolSize(settings.workerThreads())
                .setMaxPoolSize(settings.workerThreads()));
        Optional<HttpServer> operations = settings.operationsPort()
                .map(port -> httpServer(settings.operationsHost().orElse(settings.host()), port));
        operations.ifPresent(ops -> ops.getListener("grizzly").registerAddOn(xiqErrors));
        try {
            http.start();
            if (operations.isPresent()) {
                operations.get().start();
            }
            return serve(http, operations, settings, users, revocations, hasher, keys, clock, random, housekeeping,
                    database, xiqErrors, metrics);
        } catch (IOException | RuntimeException e) {
            http.shutdownNow();
            operations.ifPresent(HttpServer::shutdownNow);
            housekeeping.shutdownNow();
            xiqErrors.close();
            throw e;
        }
    }

    private static HttpServer httpServer(String host, int port) {
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + hostForUri(host) + ":" + port + "/"), false);
        // A body sent with a method the codec does not know must still be read as that request's body:
        // left on the connection, it would be parsed as the next request (request smuggling).
        http.getServerConfiguration().setAllowPayloadForUndefinedHttpMethods(true);
        http.getServerConfiguration().setDefaultErrorPageGenerator(new XiqErrorPageGenerator());
        // A body the application answered without reading (404, 405, 413...) is drained so that the
        // connection stays usable; beyond this much the connection is closed instead.
        http.getServerConfiguration().setMaxPayloadRemainderToSkip(MAX_UNREAD_BODY_TO_DRAIN);
        return http;
    }

    private static RunningServer serve(HttpServer http, Optional<HttpServer> operations, ServerSettings settings,
            UserDirectory users, RevocationStore revocations, PasswordHasher hasher, KeyRing keys, Clock clock,
            SecureRandom random, ScheduledExecutorService housekeeping, Database database, XiqErrorAddOn xiqErrors,
            ServerMetrics metrics) {
        int port = http.getListener("grizzly").getPort();
        TokenSettings tokens = new TokenSettings(settings.issuerFor(port), settings.tokenLifetime(),
                TokenSettings.MAX_CLOCK_SKEW);
        XiqAuthApplication application = XiqAuthApplication.builder()
                .users(users)
                .loginFailures(new JdbcLoginFailureStore(database))
                .trustedProxies(settings.trustedProxies())
                .quotas(settings.defaultQuota(), settings.maxQuota())
                .hasher(hasher)
                .revocations(revocations)
                .keys(keys)
                .tokenSettings(tokens)
                .realm(settings.realm())
                .clock(clock)
                .random(random)
                .meterRegistry(metrics.registry())
                .readiness(new CachedReadiness(database::isReachable, READINESS_CACHE_NANOS, System::nanoTime))
                .operationsOnApiPort(operations.isEmpty())
                .build();
        schedule(housekeeping, "purge expired throttling state", application::purgeExpiredState,
                PURGE_PERIOD_SECONDS);
        http.getServerConfiguration().addHttpHandler(
                ContainerFactory.createContainer(GrizzlyHttpContainer.class, application.resourceConfig()), "/");

        operations.ifPresent(ops -> ops.getServerConfiguration().addHttpHandler(ContainerFactory.createContainer(
                GrizzlyHttpContainer.class, application.operationsResourceConfig()), "/"));

        URI baseUri = URI.create("http://localhost:" + port + "/");
        LOG.info("serving the XIQ Authentication API at {} (listening on {}:{}, issuer {}, signing key {}); "
                + "/metrics and /health on port {}", baseUri, settings.host(), port, tokens.issuer(),
                keys.signingKey().keyId(), operations.map(RunningServer::portOf).orElse(port));
        return new RunningServer(http, operations, metrics, housekeeping, database, settings, baseUri, xiqErrors);
    }

    private static int portOf(HttpServer server) {
        return server.getListener("grizzly").getPort();
    }

    /** @return the port of {@code /metrics} and {@code /health}: the API's own unless configured apart */
    public int operationsPort() {
        return operations.map(RunningServer::portOf).orElse(port());
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
        // Load balancers see the operations port go first, and stop sending requests.
        operations.ifPresent(HttpServer::shutdownNow);
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
            stopHousekeeping();
            xiqErrors.close();
            database.close();
            metrics.close();
        }
        LOG.info("stopped");
    }

    /** Stops the background work, and waits for a run in progress: it may be using the store. */
    private void stopHousekeeping() {
        housekeeping.shutdownNow();
        try {
            if (!housekeeping.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("background work did not stop within 5 s; closing the store anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void schedule(ScheduledExecutorService executor, String task, Runnable work, long periodSeconds) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A failed run must not end the schedule: the store may be back for the next one.
                LOG.warn("{} failed: {}", task, e.getMessage());
            }
        }, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
