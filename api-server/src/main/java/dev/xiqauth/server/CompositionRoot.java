package dev.xiqauth.server;

import dev.xiqauth.server.admin.AdminException;
import dev.xiqauth.server.admin.AdminStores;
import dev.xiqauth.server.admin.StoreOpener;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.config.HashingSettings;
import dev.xiqauth.server.config.HttpSettings;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.FeedSignals;
import dev.xiqauth.server.feed.GuardFeed;
import dev.xiqauth.server.feed.GuardFeeding;
import dev.xiqauth.server.feed.GuardStreams;
import dev.xiqauth.server.feed.LeaseTimes;
import dev.xiqauth.server.http.ApiGuards;
import dev.xiqauth.server.http.ClientAddresses;
import dev.xiqauth.server.http.ClientKeys;
import dev.xiqauth.server.http.ClientResolver;
import dev.xiqauth.server.http.JettyServers;
import dev.xiqauth.server.http.RequestBodyReader;
import dev.xiqauth.server.http.SaturationGate;
import dev.xiqauth.server.metrics.MicrometerAuthMetrics;
import dev.xiqauth.server.metrics.MicrometerFeedMetrics;
import dev.xiqauth.server.metrics.ServerMetrics;
import dev.xiqauth.server.ops.CachedReadiness;
import dev.xiqauth.server.store.DamagedStoreException;
import dev.xiqauth.server.store.DataDirectoryLock;
import dev.xiqauth.server.store.GuardLeaseFenceFile;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.store.JournaledRevocationStore;
import dev.xiqauth.server.tls.ServerTls;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.KeyRing;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKeySource;
import dev.xiqauth.server.token.StaticKeyRing;
import dev.xiqauth.server.token.StoredKeyRing;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.BootstrapUser;
import dev.xiqauth.server.user.BoundedPasswordHasher;
import dev.xiqauth.server.user.DecoyHash;
import dev.xiqauth.server.user.NativeMemory;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.view.AdminLeases;
import dev.xiqauth.server.view.CatchUpLoop;
import dev.xiqauth.server.view.CheckView;
import dev.xiqauth.server.view.FollowedStores;
import dev.xiqauth.server.view.FollowedView;
import dev.xiqauth.server.view.LeaseProtocol;
import dev.xiqauth.server.view.LocalChanges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that opens the stores and builds the server's object graph.
 * {@link #start} builds a running server top-down, each thing it opens registered to be closed if a
 * later step fails; {@link #storeOpener} opens the same stores for the admin commands. Tests start
 * servers here too, or build {@link XiqAuthApplication} over in-memory stores.
 */
public final class CompositionRoot {
    private static final Logger LOG = LoggerFactory.getLogger(CompositionRoot.class);
    private static final Duration PURGE_PERIOD = Duration.ofSeconds(60);
    /** The epoch of a shared store's positions, which every instance shares: a guard may follow any of them. */
    private static final String SHARED_EPOCH = "store";
    /**
     * How long the change log keeps an entry: a view that has not applied it by then lost its lease long before, and
     * reads the store anew; so does a lease that expired that long ago go.
     */
    private static final Duration CHANGE_LOG_RETENTION = Duration.ofMinutes(10);
    private static final Duration KEY_REFRESH_PERIOD = Duration.ofSeconds(10);
    /** Stored hashes' parameters change only as users log in: a few minutes' lag is no signal. */
    private static final Duration DECOY_REFRESH_PERIOD = Duration.ofMinutes(5);
    /**
     * As often as H2's own background writer would look, had {@code WRITE_DELAY=0} not turned it off: a flood of
     * commits makes megabytes of dead pages a second, and a compaction finds nothing to do while the file is full.
     */
    private static final Duration COMPACTION_PERIOD = Duration.ofSeconds(1);
    /**
     * How often the revocation journal is folded into the database. A fold rewrites every page of the jti index it
     * touches, and a second's logouts already touch most of them (their keys are random): a fold costs about the
     * same for a second's logouts as for ten. What the journal holds meanwhile is in memory, about 100 bytes a
     * logout: 5 MB at 5,000 logouts a second.
     */
    private static final Duration JOURNAL_FOLD_PERIOD = Duration.ofSeconds(10);
    private static final String LOGIN_PATH = "/login";
    /**
     * How often the view looks whether it may answer from memory again: after its load failed, or something other
     * than an admin command under a lease was connected to the embedded store.
     */
    private static final Duration VIEW_CATCH_UP_PERIOD = Duration.ofSeconds(1);
    /** How long a starting server waits for an admin command that works on the embedded store with none running. */
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(30);
    private static final long CLAIM_RETRY_MILLIS = 100;
    /** As long as the {@code Retry-After} it carries: a client that retries at once then retries once a second. */
    private static final Duration SATURATED_REFUSAL_DELAY = Duration.ofSeconds(1);
    private static final long READINESS_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private CompositionRoot() {
    }

    /**
     * Starts a server.
     *
     * @param settings its settings
     * @param secrets where the signing key and the first user's credentials may be given
     * @param clock the time of token issuing and checking
     * @param console where the first user's generated password is shown
     * @return the running server
     * @throws IOException if the key file or the port cannot be used
     */
    public static RunningServer start(ServerSettings settings, Secrets secrets, Clock clock, PrintStream console)
            throws IOException {
        // Every setting is checked before the store is touched: a wrong key file changes nothing.
        Optional<KeyRing> configuredKeys = SigningKeySource.configured(settings.tokens().signingKeyFile(),
                secrets.get("XIQ_AUTH_SIGNING_KEY")).map(StaticKeyRing::new);
        Optional<ServerTls> tlsKeys = settings.http().tls().isEmpty() ? Optional.empty() : Optional.of(
                ServerTls.load(settings.http().tls().get().certificateFile(),
                        settings.http().tls().get().keyFile(), clock));
        OpenedResources opened = new OpenedResources();
        try {
            SecureRandom random = new SecureRandom();
            ServerMetrics metrics = opened.add(ServerMetrics.create());
            if (settings.store().dataDir().isPresent()) {
                opened.add(claim(settings.store().dataDir().get()));
            }
            JdbcStores stores = opened.add(JdbcStores.open(settings.store(), clock, metrics.registry()));
            // The embedded store's logouts are written to a journal, folded into the database in batches: a commit
            // each would rewrite a page of the jti index each. Closed (and folded) before the store closes.
            Optional<JournaledRevocationStore> journaled = settings.store().dataDir()
                    .map(dir -> opened.add(stores.openRevocationJournal(dir)));
            // The embedded store is written by this process and by admin commands under a lease: its checks are
            // answered from memory. Shared stores are written by every instance: asked on every check.
            Optional<CheckView> view = journaled.map(revocationStore -> new CheckView(revocationStore,
                    stores.apiTokens(), stores.users(), stores.signingKeys(), stores::otherProcessesConnected, clock));
            FeedMetrics feedMetrics = new MicrometerFeedMetrics(metrics.registry());
            UserDirectory users;
            RevocationStore revocations;
            ApiTokenStore apiTokens;
            GuardFeeding guardedServices;
            if (view.isPresent()) {
                Gauge.builder("xiq.auth.feed.lag", () -> 0).description("Committed changes this instance's view had "
                        + "not applied at its last read of the log: none on the embedded store, whose one server "
                        + "applies each before it answers").register(metrics.registry());
                // The embedded store's one server publishes its own changes to the guards, numbered by it, and waits
                // for them; an admin command's changes make them forget everything, before the command is told.
                LocalChanges local = LocalChanges.start(view.get().revocations(), view.get().apiTokens(),
                        view.get().users(), new GuardLeaseFenceFile(settings.store().dataDir().get()), feedMetrics);
                opened.add(local.feeding().streams());
                opened.add(AdminLeases.listen(settings.store().dataDir().get(), view.get(), local::everythingChanged));
                users = local.users();
                revocations = local.revocations();
                apiTokens = local.apiTokens();
                guardedServices = local.feeding();
            } else {
                // Shared stores are written by every instance and admin command: each instance follows the change
                // log under a lease, and every write waits for the views' acknowledgements before it answers.
                Followed followed = follow(stores, opened, metrics, feedMetrics, clock);
                users = followed.stores().users();
                revocations = followed.stores().revocations();
                apiTokens = followed.stores().apiTokens();
                guardedServices = followed.guards();
            }
            BoundedPasswordHasher hasher = opened.add(boundedHasher(settings.hashing(), metrics));
            Housekeeping housekeeping = opened.add(new Housekeeping());
            KeyRing keys = configuredKeys.orElseGet(() -> storedKeyRing(stores, random, clock, housekeeping));
            housekeeping.every(PURGE_PERIOD, "purge expired revocations", () -> {
                int purged = revocations.purgeExpired();
                if (purged > 0) {
                    LOG.debug("purged {} revocations of expired tokens", purged);
                }
            });
            housekeeping.every(PURGE_PERIOD, "purge ended quota windows", () ->
                    stores.quotas().purgeEnded(clock.millis()));
            housekeeping.every(PURGE_PERIOD, "purge the change log", () -> {
                stores.changeLog().purgeOlderThan(CHANGE_LOG_RETENTION);
                stores.viewLeases().purgeExpiredFor(CHANGE_LOG_RETENTION);
            });
            if (settings.store().dataDir().isPresent()) {
                housekeeping.every(COMPACTION_PERIOD, "compact the embedded database", stores::compactEmbedded);
            }
            journaled.ifPresent(journal -> housekeeping.every(JOURNAL_FOLD_PERIOD, "fold the revocation journal",
                    journal::fold));
            housekeeping.every(PURGE_PERIOD, "purge expired API tokens", () -> {
                int purged = apiTokens.purgeExpired();
                if (purged > 0) {
                    LOG.debug("purged the records of {} expired API tokens", purged);
                }
            });

            // Listen before building the application: with port 0 the issuer's default names the port chosen.
            HttpSettings http = settings.http();
            ClientAddresses clientAddresses = new ClientAddresses(http.trustedProxies());
            ClientKeys clientKeys = new ClientKeys(settings.throttling().ipv6PrefixLength());
            ClientResolver clients = new ClientResolver(clientAddresses, clientKeys);
            ApiGuards guards = new ApiGuards(http.limits(), clients::connectionKeyOf, clients::keyOf,
                    metrics.registry());
            Server api = JettyServers.create(http.host(), http.port(), http.workerThreads(), http.limits(),
                    tlsKeys.map(ServerTls::engines));
            guards.guardConnections(api);
            api.setStopTimeout(http.shutdownGrace().toMillis());
            tlsKeys.ifPresent(tls -> housekeeping.every(http.tls().get().reloadCheck(), "reload the TLS certificate",
                    tls::reloadIfChanged));
            Optional<Server> operations = http.operationsPort().map(port -> JettyServers.create(
                    http.operationsHost().orElse(http.host()), port, http.workerThreads(), http.limits(),
                    Optional.empty()));
            opened.add(() -> stopNow(api));
            listen(api, http.host(), http.port(), "--host and --port");
            if (operations.isPresent()) {
                opened.add(() -> stopNow(operations.get()));
                listen(operations.get(), http.operationsHost().orElse(http.host()), http.operationsPort().get(),
                        "--ops-host and --ops-port");
            }
            int port = JettyServers.portOf(api);
            String issuer = settings.tokens().issuerFor(Optional.of(http.publicUrlFor(port)), port);

            DecoyHash decoy = DecoyHash.sample(stores.users(), settings.hashing().argon2());
            housekeeping.every(DECOY_REFRESH_PERIOD, "resample the decoy hash's parameters", decoy::refresh);

            GuardStreams streams = guardedServices.streams();
            Gauge.builder("xiq.auth.feed.guards", streams, GuardStreams::guardsHoldingLeases)
                    .description("Guarded services whose lease this instance renewed within the last lease")
                    .register(metrics.registry());
            Gauge.builder("xiq.auth.feed.guards.lag", streams, GuardStreams::lag)
                    .description("Changes the guard furthest behind has yet to acknowledge, of those this instance "
                            + "applied").register(metrics.registry());
            housekeeping.every(PURGE_PERIOD, "forget quiet guards", streams::forgetQuietGuards);

            XiqAuthApplication application = XiqAuthApplication.builder()
                    .users(users)
                    .loginFailures(stores.loginFailures())
                    .knownClients(stores.knownClients())
                    .revocations(revocations)
                    .apiTokens(apiTokens)
                    .quotas(stores.quotas())
                    .permissions(settings.permissions())
                    .trustedProxies(http.trustedProxies())
                    .rateLimits(settings.rateLimits())
                    .throttling(settings.throttling())
                    .hasher(hasher)
                    .decoy(decoy)
                    .keys(keys)
                    .tokenSettings(new TokenSettings(issuer, settings.tokens().lifetime(), TokenSettings.MAX_CLOCK_SKEW))
                    .realm(settings.tokens().realm())
                    .clock(clock)
                    .random(random)
                    .meterRegistry(metrics.registry())
                    .readiness(new CachedReadiness(stores::isReachable, READINESS_CACHE_NANOS, System::nanoTime))
                    .operationsOnApiPort(operations.isEmpty())
                    .guards(guardedServices)
                    .build();
            // Only now that the server listens and its application passed every check (the catalogue against the
            // contract among them): a first password shown, then a start that failed, would leave an
            // administrator nobody can log in as, and a trace of a start that never served.
            new BootstrapUser(users, hasher, random, console).ensureOneUser(
                    secrets.get("XIQ_AUTH_BOOTSTRAP_USERNAME"), secrets.get("XIQ_AUTH_BOOTSTRAP_PASSWORD"));
            decoy.refresh();
            housekeeping.every(PURGE_PERIOD, "purge expired throttling state", application::purgeExpiredState);
            AuthMetrics authMetrics = new MicrometerAuthMetrics(metrics.registry());
            if (view.isPresent()) {
                Gauge.builder("xiq.auth.token.checks.from.memory", view.get(), loaded -> loaded.answersFromMemory() ? 1 : 0)
                        .description("1 while token checks are answered from the exact view in memory, 0 while they "
                                + "ask the store (loading, an admin command's lease, another process connected)")
                        .register(metrics.registry());
                // Loaded while the server serves: until then checks ask the store, and logins never need it.
                opened.add(CatchUpLoop.start(view.get(), VIEW_CATCH_UP_PERIOD));
            }
            SaturationGate hashing = new SaturationGate(application.jettyContainer(),
                    SaturationGate.requestsTo("POST", LOGIN_PATH), hasher::isSaturated, SATURATED_REFUSAL_DELAY,
                    () -> authMetrics.throttled("login", "hashing_busy"));
            JettyServers.serve(api, guards.around(hashing));
            operations.ifPresent(ops -> JettyServers.serve(ops, new RequestBodyReader(JettyServers.container(
                    application.operationsResourceConfig()), http.limits().maxBodyBytes(), http.limits().bodyTimeout(),
                    () -> { })));

            URI baseUri = http.localUrlFor(port);
            int operationsPort = operations.map(JettyServers::portOf).orElse(port);
            LOG.info("serving the XIQ Authentication API at {} (listening on {}:{}, issuer {}, signing key {}); "
                    + "/metrics and /health on port {}", baseUri, http.host(), port, issuer, keys.signingKey().keyId(),
                    operationsPort);
            return new RunningServer(api, operations, http.shutdownGrace(), baseUri, operationsPort, opened);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Starts this instance's view of a shared store: it follows the change log under a lease, listening to the
     * store's notifications, and every write made through the returned ports waits for the views' acknowledgements.
     */
    private static Followed follow(JdbcStores stores, OpenedResources opened, ServerMetrics metrics,
            FeedMetrics feedMetrics, Clock clock) {
        Acknowledgements acknowledgements = new Acknowledgements(stores.viewLeases(), feedMetrics,
                LeaseTimes.DEFAULT.renewEvery());
        AtomicReference<FollowedView> started = new AtomicReference<>();
        FeedSignals signals = opened.add(stores.openSignals(() -> {
            FollowedView view = started.get();
            if (view != null) {
                view.wake();
            }
        }, change -> {
            FollowedView view = started.get();
            if (view != null) {
                view.offer(change);
            }
        }, acknowledgements::acknowledged));
        FollowedView.ViewSources sources = new FollowedView.ViewSources(stores.revocations(), stores.apiTokens(),
                stores.users(), stores.signingKeys());
        // Positions are the shared log's: the same on every instance, whichever one a guard follows.
        ScheduledExecutorService guardTimer = GuardFeeding.timer();
        GuardFeed feed = new GuardFeed(SHARED_EPOCH, 0, GuardFeeding.FEED_CAPACITY, guardTimer);
        GuardStreams streams = opened.add(new GuardStreams(feed, stores.viewLeases(), acknowledgements, signals,
                LeaseTimes.DEFAULT, () -> stores.changeLog().lastPosition(), feedMetrics, guardTimer));
        FollowedView view = opened.add(FollowedView.start(sources, stores.changeLog(), stores.viewLeases(), signals,
                feed, acknowledgements, feedMetrics, LeaseTimes.DEFAULT, "instance-" + UUID.randomUUID(),
                ProcessHandle.current().pid() + "@" + hostName(), clock));
        started.set(view);
        Gauge.builder("xiq.auth.token.checks.from.memory", view, followedView -> followedView.answersFromMemory() ? 1 : 0)
                .description("1 while token checks are answered from the exact view in memory, 0 while they "
                        + "ask the store (loading, or without a live lease)")
                .register(metrics.registry());
        Gauge.builder("xiq.auth.feed.applied.position", view, FollowedView::appliedPosition)
                .description("The last position of the change log this instance's view has applied")
                .register(metrics.registry());
        Gauge.builder("xiq.auth.feed.lag", view, FollowedView::lag)
                .description("Committed changes this instance's view had not applied at its last read of the log")
                .register(metrics.registry());
        return new Followed(FollowedStores.of(sources, view, acknowledgements),
                new GuardFeeding(streams, view::appliedPosition));
    }

    /** An instance's view of a shared store: its ports, and what the guards that follow it are served from. */
    private record Followed(FollowedStores stores, GuardFeeding guards) {
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /**
     * @return how the admin commands open the configured stores: as the server does, measured nowhere; a
     *     damaged embedded database file is named in the command's one line of error, as it is when the server
     *     refuses to start on it
     */
    public static StoreOpener storeOpener(Clock clock) {
        return settings -> {
            JdbcStores stores;
            try {
                stores = JdbcStores.open(settings, clock, new CompositeMeterRegistry());
            } catch (DamagedStoreException e) {
                throw new AdminException(e.getMessage());
            }
            if (!stores.isShared()) {
                return new AdminStores(stores.users(), stores.signingKeys(), stores.apiTokens(), stores);
            }
            // A writer like any instance: each change waits for the views' acknowledgements before the command ends.
            Acknowledgements acknowledgements = new Acknowledgements(stores.viewLeases(), FeedMetrics.NONE,
                    LeaseTimes.DEFAULT.renewEvery());
            FeedSignals signals = stores.openSignals(() -> { }, change -> { }, acknowledgements::acknowledged);
            FollowedStores followed = FollowedStores.withoutView(new FollowedView.ViewSources(stores.revocations(),
                    stores.apiTokens(), stores.users(), stores.signingKeys()), acknowledgements);
            return new AdminStores(followed.users(), followed.keys(), followed.apiTokens(), () -> {
                signals.close();
                stores.close();
            });
        };
    }

    /**
     * Takes the embedded store's lock, waiting for an admin command that holds it; refuses at once to serve a store
     * that another server serves (its lock is held, and its admin socket is there).
     *
     * @throws IOException if the lock cannot be had
     */
    private static DataDirectoryLock claim(Path dataDir) throws IOException {
        long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
        boolean logged = false;
        while (true) {
            Optional<DataDirectoryLock> lock = DataDirectoryLock.tryTake(dataDir);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (Files.exists(LeaseProtocol.socketIn(dataDir))) {
                throw new IOException("another server serves the store in " + dataDir + ": one embedded store is "
                        + "served by one server; give this one another --data-dir, or share a PostgreSQL store");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the store in " + dataDir + " stayed in use by another process (an admin "
                        + "command?) for " + CLAIM_WAIT.toSeconds() + " s");
            }
            if (!logged) {
                LOG.info("waiting for the admin command that works on the store in {} to finish", dataDir);
                logged = true;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(CLAIM_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the store in " + dataDir, e);
            }
        }
    }

    private static BoundedPasswordHasher boundedHasher(HashingSettings hashing, ServerMetrics metrics) {
        NativeMemory.returnLargeBlocksWhenFreed(); // process-wide: for every Argon2id block, wherever hashed
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(
                new Argon2idPasswordHasher(hashing.argon2(), hashing.concurrency()), hashing.concurrency(),
                hashing.queue());
        Gauge.builder("xiq.auth.hash.queue.depth", hasher, BoundedPasswordHasher::queueDepth)
                .description("Logins waiting for a turn at password hashing").register(metrics.registry());
        return hasher;
    }

    /**
     * Without a configured key, the store's keys sign. Rotations and retirements take effect at once on every
     * instance whatever the schedule (see {@link StoredKeyRing}); the reload forgets retired keys' material.
     */
    private static KeyRing storedKeyRing(JdbcStores stores, SecureRandom random, Clock clock,
            Housekeeping housekeeping) {
        StoredKeyRing stored = StoredKeyRing.open(stores.signingKeys(), random, clock);
        housekeeping.every(KEY_REFRESH_PERIOD, "reload signing keys", stored::refresh);
        return stored;
    }

    /**
     * Starts a listener; a failure names the address, what it means and what to change, in one line.
     *
     * @throws IOException if it cannot listen there
     */
    private static void listen(Server server, String host, int port, String flags) throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            // Jetty wraps the BindException in an IOException of its own ("Failed to bind to ...").
            Throwable bind = e;
            while (bind != null && !(bind instanceof BindException)) {
                bind = bind.getCause();
            }
            if (bind != null) {
                throw new IOException("cannot listen on " + host + ":" + port + " (" + bind.getMessage() + "): "
                        + "another process holds that port, or the address is not one of this machine's; stop it or "
                        + "change " + flags, e);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("cannot start the HTTP listener on " + host + ":" + port + ": " + e, e);
        }
    }

    /** Stops a listener at once, closing its connections: a start that failed, or the end of a stop. */
    private static void stopNow(Server server) {
        try {
            server.setStopTimeout(0);
            server.stop();
        } catch (Exception e) {
            LOG.warn("an HTTP listener did not stop cleanly: {}", e.toString());
        }
    }
}
