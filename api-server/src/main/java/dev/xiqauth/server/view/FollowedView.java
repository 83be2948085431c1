package dev.xiqauth.server.view;

import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.ChangeLog;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.FeedSignals;
import dev.xiqauth.server.feed.GuardFeed;
import dev.xiqauth.server.feed.LeaseTimes;
import dev.xiqauth.server.feed.ViewLeases;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a token check asks of a shared store, held in memory by one instance and kept exact by following the change
 * log under a lease ({@link ViewLeases}, {@link Acknowledgements}): every write that can refuse a token waits, before
 * it answers, until this view has acknowledged it or its lease has expired. So the view answers from memory only
 * while it believes its lease live (measured from the moment it asked, by this machine's monotonic clock, a margin
 * short of what the store granted), and asks the store otherwise: while it loads, after its lease was lost, while
 * the store cannot be reached to renew it.
 *
 * <p>One thread follows the log: it wakes when the store notifies that the log grew ({@link #wake}), and on a short
 * schedule whatever happens, since a notification may be lost; it applies the entries in their order, acknowledges
 * the last, and renews the lease. A notification that carries its entry ({@link #offer}) is applied as it comes when
 * it follows the last entry applied, with no read of the log: a change then costs each view one message, not a
 * message and a query. Any gap (a notification lost, or overtaken) sends the view to the log. A view that could not
 * renew (it lagged past the grace, or the store was away past the lease) catches up, takes a lease again, and catches
 * up once more before it answers from memory: a writer that committed before the new lease is in the log it reads
 * after, one that commits after waits for it.
 */
public final class FollowedView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedView.class);
    private static final int READ_BATCH = 1_000;

    private final ViewSources sources;
    private final ChangeLog log;
    private final ViewLeases leases;
    private final FeedSignals signals;
    private final GuardFeed guards;
    private final Acknowledgements acknowledgements;
    private final FeedMetrics metrics;
    private final LeaseTimes times;
    private final String viewId;
    private final String description;
    private final Clock clock;

    private final ConcurrentMap<UUID, Long> revoked = new ConcurrentHashMap<>();
    private volatile Set<String> retiredKeys = Set.of();
    private volatile ConcurrentMap<Long, User> users = new ConcurrentHashMap<>();
    private volatile ConcurrentMap<String, ApiTokenRecord> apiTokens = new ConcurrentHashMap<>();

    /** Until this instant of {@link System#nanoTime} the view may answer from memory; written by the follower only. */
    private volatile long answersUntil;
    private volatile boolean answering;
    private volatile long applied;
    /** The log's last committed position at this view's last read of it. */
    private volatile long committed;
    private long acknowledgedSent;
    private long lastRenewal;
    private boolean loaded;
    private boolean leased;
    private boolean failing;

    /** Entries the store's notifications carried, by position, not applied yet; bounded by {@link #READ_BATCH}. */
    private final ConcurrentSkipListMap<Long, Change> offered = new ConcurrentSkipListMap<>();
    private final Object wakeUp = new Object();
    private boolean woken;
    /** Whether the follower's next step reads the log: after a notification without its entry, or a quiet poll. */
    private boolean readLog = true;
    private final Thread follower;
    private volatile boolean closed;

    /** The stores a view is loaded from and asks while it does not answer from memory. */
    public record ViewSources(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
            SigningKeyStore keys) {
    }

    private FollowedView(ViewSources sources, ChangeLog log, ViewLeases leases, FeedSignals signals, GuardFeed guards,
            Acknowledgements acknowledgements, FeedMetrics metrics, LeaseTimes times, String viewId,
            String description, Clock clock) {
        this.sources = sources;
        this.log = log;
        this.leases = leases;
        this.signals = signals;
        this.guards = guards;
        this.acknowledgements = acknowledgements;
        this.metrics = metrics;
        this.times = times;
        this.viewId = viewId;
        this.description = description;
        this.clock = clock;
        this.follower = new Thread(this::follow, "token-view-follower");
        follower.setDaemon(true);
    }

    /**
     * Starts following the log; until the view has loaded and taken its lease, every check asks the store.
     *
     * @param guards where the changes are published, as they are applied, for the guards that follow this instance
     * @param viewId this view's id, new for each start
     * @param description who holds the lease, for operators (a host and process)
     * @return the view, to be closed before the store: closing gives its lease up, so no writer waits for it
     */
    public static FollowedView start(ViewSources sources, ChangeLog log, ViewLeases leases, FeedSignals signals,
            GuardFeed guards, Acknowledgements acknowledgements, FeedMetrics metrics, LeaseTimes times, String viewId,
            String description, Clock clock) {
        FollowedView view = new FollowedView(sources, log, leases, signals, guards, acknowledgements, metrics, times,
                viewId, description, clock);
        view.follower.start();
        return view;
    }

    /** @return this view's id, as its lease and acknowledgements name it */
    public String viewId() {
        return viewId;
    }

    /** The log has grown (a notification, or this process's own write): read it now. */
    public void wake() {
        synchronized (wakeUp) {
            woken = true;
            readLog = true;
            wakeUp.notifyAll();
        }
    }

    /**
     * An entry committed to the log, as the store's notification carried it: applied at once if it follows the last
     * entry applied, else the log is read.
     */
    public void offer(Change change) {
        if (offered.size() < READ_BATCH) {
            offered.put(change.position(), change);
            synchronized (wakeUp) {
                woken = true;
                wakeUp.notifyAll();
            }
        } else {
            wake();
        }
    }

    /** @return whether checks are answered from memory now */
    public boolean answersFromMemory() {
        return answering && System.nanoTime() - answersUntil < 0;
    }

    /** @return the last position of the log this view has applied */
    public long appliedPosition() {
        return applied;
    }

    /** @return how many committed entries of the log this view had not applied at its last read */
    public long lag() {
        return Math.max(0, committed - applied);
    }

    boolean isRevoked(String jti, String keyId) {
        if (!answersFromMemory()) {
            return sources.revocations().isRevoked(jti, keyId);
        }
        return revoked.containsKey(JtiKeys.keyOf(jti)) || retiredKeys.contains(keyId);
    }

    Optional<ApiTokenRecord> apiToken(String jti) {
        return answersFromMemory() ? Optional.ofNullable(apiTokens.get(jti)) : sources.apiTokens().find(jti);
    }

    Optional<User> user(long userId) {
        return answersFromMemory() ? Optional.ofNullable(users.get(userId)) : sources.users().findById(userId);
    }

    /**
     * This process revoked a token (or tried to: its commit may have happened before a failure): refused here from
     * now on, before the log brings the entry.
     */
    void revokedHere(String jti, Instant expiresAt) {
        revoked.put(JtiKeys.keyOf(jti), expiresAt.getEpochSecond());
    }

    /** Forgets the revocations and API tokens the store forgets: those that expired a margin ago. */
    void forgetExpired() {
        long before = clock.instant().minus(RevocationStore.PURGE_MARGIN).getEpochSecond();
        revoked.values().removeIf(expiresAt -> expiresAt < before);
        apiTokens.values().removeIf(record -> record.expiresAt().map(at -> at.getEpochSecond() < before)
                .orElse(false));
    }

    private void follow() {
        boolean readingLog = true;
        while (!closed) {
            try {
                step(readingLog);
                if (failing) {
                    LOG.info("the token view follows the change log again at position {}", applied);
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("the token view cannot follow the change log ({}); checks ask the store once its lease "
                            + "ends", e.getMessage());
                    failing = true;
                }
            }
            readingLog = awaitWakeUp();
        }
    }

    private void step(boolean readingLog) {
        if (!loaded) {
            load();
            loaded = true;
        }
        boolean gap = applyOffered();
        // What the messages brought, before a read of the log that may fail.
        acknowledge();
        if (readingLog || gap || !leased) {
            catchUp();
        }
        // Before a renewal's write: a writer waiting for this view need not wait for it too.
        acknowledge();
        if (!leased) {
            long asked = System.nanoTime();
            leases.take(viewId, ViewLeases.Holder.INSTANCE, description, applied, times.length());
            // Every write committed before the lease was recorded is in the log now: read it before answering.
            catchUp();
            leased = true;
            lastRenewal = asked;
            answersUntil = asked + times.believed().toNanos();
            answering = true;
            LOG.info("token checks are answered from memory: {} revocations, {} users, {} API tokens, log position {}",
                    revoked.size(), users.size(), apiTokens.size(), applied);
        } else if (System.nanoTime() - lastRenewal >= times.renewEvery().toNanos()) {
            long asked = System.nanoTime();
            if (leases.renew(viewId, applied, times.length(), times.grace())) {
                lastRenewal = asked;
                answersUntil = asked + times.believed().toNanos();
            } else {
                answering = false;
                leased = false;
                metrics.leaseLost(ViewLeases.Holder.INSTANCE);
                LOG.warn("the token view's lease could not be renewed (it lagged, or was away past its lease): checks "
                        + "ask the store until it has caught up and holds a lease again");
            }
        }
        acknowledge();
    }

    private void acknowledge() {
        long position = applied;
        if (position > acknowledgedSent) {
            acknowledgements.acknowledged(viewId, position);
            signals.publishAcknowledgement(viewId, position);
            acknowledgedSent = position;
        }
    }

    /** Reads every kept revocation, the users, the live API tokens and the retired keys, as of a position or later. */
    private void load() {
        long started = System.nanoTime();
        long position = log.lastPosition();
        sources.revocations().forEachKept((jti, expiresAt) -> revoked.put(JtiKeys.keyOf(jti),
                expiresAt.getEpochSecond()));
        reloadKeys();
        users = sources.users().list().stream()
                .collect(Collectors.toConcurrentMap(User::userId, Function.identity()));
        apiTokens = sources.apiTokens().list().stream()
                .collect(Collectors.toConcurrentMap(ApiTokenRecord::jti, Function.identity()));
        // Entries after the position may be in what was read or not: they are applied again, which changes nothing.
        applied = position;
        guards.resetAt(position);
        LOG.info("token view loaded in {} ms at log position {}", (System.nanoTime() - started) / 1_000_000,
                position);
    }

    private void catchUp() {
        while (true) {
            ChangeLog.Entries entries = log.after(applied, READ_BATCH);
            committed = entries.lastPosition();
            if (entries.purgedAfter(applied)) {
                // Positions have no gaps: the entries were purged while this view was away. The store is read anew.
                LOG.warn("the change log no longer holds position {}: the token view is loaded again", applied + 1);
                load();
                continue;
            }
            List<Change> changes = entries.changes();
            if (changes.isEmpty()) {
                return;
            }
            for (Change change : changes) {
                apply(change);
                applied = change.position();
            }
            if (changes.size() < READ_BATCH) {
                return;
            }
        }
    }

    /** @return whether an offered entry did not follow the last applied: the log must be read */
    private boolean applyOffered() {
        Map.Entry<Long, Change> next;
        while ((next = offered.pollFirstEntry()) != null) {
            Change change = next.getValue();
            if (change.position() <= applied) {
                continue; // read from the log already, or loaded
            }
            if (change.position() != applied + 1) {
                offered.clear(); // the log has them all
                return true;
            }
            apply(change);
            applied = change.position();
            committed = Math.max(committed, applied);
        }
        return false;
    }

    private void apply(Change change) {
        switch (change.kind()) {
            case REVOKED -> revoked.put(JtiKeys.keyOf(change.subject().get()), change.expiresAt().get().getEpochSecond());
            case USER -> reloadUser(change.userId());
            case KEYS -> reloadKeys();
            default -> throw new IllegalStateException("unknown change " + change.kind());
        }
        guards.publish(change.position(), change.kind(), change.subject());
    }

    private void reloadKeys() {
        retiredKeys = sources.keys().list().stream().filter(SigningKeyStore.StoredKey::retired)
                .map(key -> key.key().keyId()).collect(Collectors.toUnmodifiableSet());
    }

    private void reloadUser(long userId) {
        Optional<User> user = sources.users().findById(userId);
        if (user.isPresent()) {
            users.put(userId, user.get());
        } else {
            users.remove(userId);
        }
        Set<String> live = new HashSet<>();
        for (ApiTokenRecord record : sources.apiTokens().listCreatedBy(userId)) {
            apiTokens.put(record.jti(), record);
            live.add(record.jti());
        }
        apiTokens.values().removeIf(record -> record.userId() == userId && !live.contains(record.jti()));
    }

    /** @return whether the next step reads the log: it was asked to, or no message came within a poll */
    private boolean awaitWakeUp() {
        synchronized (wakeUp) {
            if (!woken) {
                try {
                    wakeUp.wait(times.poll().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
            boolean reading = readLog || !woken;
            woken = false;
            readLog = false;
            return reading;
        }
    }

    /** Stops following, and gives the lease up so that no writer waits for this view. */
    @Override
    public void close() {
        closed = true;
        answering = false;
        wake();
        try {
            follower.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            leases.release(viewId);
        } catch (RuntimeException e) {
            LOG.warn("the token view's lease could not be given up ({}): writers wait for it until it expires",
                    e.getMessage());
        }
    }
}
