package dev.xiqauth.guard;

import dev.xiqauth.api.model.XiqIntrospectionChange;
import dev.xiqauth.api.model.XiqIntrospectionChanges;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.api.ChangesApi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers from memory for the tokens the service has seen, exactly: the auth server's answers are kept while this
 * guard holds a lease and follows what changes them ({@code GET /oauth2/introspect/changes}). Every logout, user
 * change or key retirement at the server waits, before it answers, until this guard has acknowledged it (it asks
 * for the next changes only once it has applied the last) or its lease has ended; so a revoked token is refused
 * here on its very next request, with no question to the server for the tokens already seen.
 *
 * <p>One thread follows the changes. The lease is measured from the moment each question was sent, by this
 * machine's monotonic clock, a margin short of what the server granted; without one (the server unreachable, the
 * guard frozen past it, the stream cut), every request asks the server, as with no memory at all, and the kept
 * answers are forgotten when the server says to start again. An answer is kept only if no change this guard has
 * applied since the position the server answered at concerns it, and never past the token's expiry.
 *
 * <p>Answers are keyed by the SHA-256 digest of the token, never the token, and hold the caller's principal, the
 * token's {@code jti} and its user's id. At most {@code maxEntries} are held; past that, new answers are not kept.
 */
final class FollowedTokenIntrospection implements TokenIntrospector, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.xiqauth.guard");
    /** How many applied changes are kept to check an answer against: one older than them is not kept. */
    private static final int RECENT_CHANGES = 16_384;
    /** How long the server waits for a change before it answers none; a question's deadline adds the timeout. */
    private static final Duration SERVER_WAIT = Duration.ofSeconds(1);
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final RemoteTokenIntrospection remote;
    private final ApiClient streamClient;
    private final ChangesApi changes;
    private final String viewId = "guard-" + UUID.randomUUID().toString().replace("-", "");
    private final String credential;
    private final int maxEntries;
    private final Clock clock;
    private final Thread follower;

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    /** Guards the indexes, the recent changes and the position, and every change of {@link #kept}. */
    private final Object lock = new Object();
    private final Map<String, Set<String>> byJti = new HashMap<>();
    private final Map<Long, Set<String>> byUser = new HashMap<>();
    private final ArrayDeque<XiqIntrospectionChange> recent = new ArrayDeque<>();
    private String epoch;
    private long applied;
    /** The position this guard started from: answers from before it cannot be checked. */
    private long startedAt;
    private long recentFloor;

    /** Until when, by {@link System#nanoTime}, this guard may answer from memory. */
    private volatile long leaseUntil;
    private volatile boolean leased;
    private volatile boolean closed;

    private record Kept(Introspection.Valid answer, String jti, long userId, Optional<Instant> expiresAt) {
    }

    /**
     * @param remote what asks the server about a token
     * @param authServer where the server is, for the changes
     * @param timeout the deadline of an exchange with it
     * @param credential the service's own credential
     * @param maxEntries how many answers are kept at most
     * @param clock what decides whether a kept token has expired
     */
    FollowedTokenIntrospection(RemoteTokenIntrospection remote, URI authServer, Duration timeout, String credential,
            int maxEntries, Clock clock) {
        this.remote = remote;
        this.streamClient = RemoteTokenIntrospection.apiClient(authServer, timeout.plus(SERVER_WAIT), credential);
        this.changes = new ChangesApi(streamClient);
        this.credential = credential;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.follower = new Thread(this::follow, "xiq-guard-changes");
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    public Introspection introspect(String token) {
        String key = digest(token);
        if (answersFromMemory()) {
            Kept answer = kept.get(key);
            if (answer != null) {
                if (answer.expiresAt().map(at -> clock.instant().isBefore(at)).orElse(true)) {
                    return answer.answer();
                }
                synchronized (lock) {
                    forget(key);
                }
            }
        }
        RemoteTokenIntrospection.Positioned positioned = remote.introspectAt(token);
        if (positioned.answer() instanceof Introspection.Valid valid && positioned.jti().isPresent()
                && positioned.epoch().isPresent() && positioned.position().isPresent()) {
            keep(key, valid, positioned.jti().get(), positioned.epoch().get(), positioned.position().getAsLong());
        }
        return positioned.answer();
    }

    /** @return whether this guard holds a lease now, so its kept answers are exact */
    boolean answersFromMemory() {
        return leased && !closed && System.nanoTime() - leaseUntil < 0;
    }

    /** @return how many answers are kept now */
    int size() {
        return kept.size();
    }

    private void keep(String key, Introspection.Valid valid, String jti, String answerEpoch, long position) {
        long userId = valid.principal().userId();
        synchronized (lock) {
            if (!answersFromMemory() || !answerEpoch.equals(epoch) || position < startedAt
                    || kept.size() >= maxEntries) {
                return;
            }
            if (position < applied) {
                if (position < recentFloor) {
                    return;
                }
                for (XiqIntrospectionChange change : recent) {
                    if (change.getPosition() > position && concerns(change, jti, userId)) {
                        return; // the answer may predate a change that refuses the token
                    }
                }
            }
            kept.put(key, new Kept(valid, jti, userId, valid.principal().expiresAt()));
            byJti.computeIfAbsent(jti, any -> new HashSet<>()).add(key);
            byUser.computeIfAbsent(userId, any -> new HashSet<>()).add(key);
        }
    }

    private static boolean concerns(XiqIntrospectionChange change, String jti, long userId) {
        return switch (change.getKind()) {
            case REVOKED -> jti.equals(change.getJti());
            case USER -> change.getUserId() != null && change.getUserId() == userId;
            default -> true;
        };
    }

    private void follow() {
        long backoff = 50;
        boolean warned = false;
        while (!closed) {
            String askedEpoch;
            long askedAfter;
            synchronized (lock) {
                askedEpoch = epoch;
                askedAfter = applied;
            }
            long asked = System.nanoTime();
            try {
                XiqIntrospectionChanges answer = changes.followIntrospectionChanges(viewId, askedEpoch, askedAfter);
                apply(answer, asked);
                backoff = 50;
                if (warned) {
                    LOG.log(System.Logger.Level.INFO, "the guard follows the auth server's changes again");
                    warned = false;
                }
            } catch (ApiException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    LOG.log(System.Logger.Level.WARNING, "the guard cannot follow the auth server''s changes ({0}); "
                            + "every request asks the server until it can",
                            RemoteTokenIntrospection.describe(e, "", credential));
                    warned = true;
                }
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void apply(XiqIntrospectionChanges answer, long asked) {
        synchronized (lock) {
            if (closed) {
                return; // an answer that arrived as the guard closed: it renews no lease the guard gave up
            }
            if (Boolean.TRUE.equals(answer.getReset())) {
                kept.clear();
                byJti.clear();
                byUser.clear();
                recent.clear();
                epoch = answer.getEpoch();
                startedAt = answer.getPosition();
                recentFloor = answer.getPosition();
            } else if (answer.getEpoch().equals(epoch)) {
                for (XiqIntrospectionChange change : answer.getChanges()) {
                    applyChange(change);
                }
            } else {
                throw new IllegalArgumentException("an answer of another epoch without a reset");
            }
            applied = answer.getPosition();
            if (answer.getLeaseMs() != null) {
                long margin = Math.min(answer.getLeaseMs() / 8, 500);
                leaseUntil = asked + TimeUnit.MILLISECONDS.toNanos(answer.getLeaseMs() - margin);
                leased = true;
            }
        }
    }

    private void applyChange(XiqIntrospectionChange change) {
        switch (change.getKind()) {
            case REVOKED -> forgetAll(byJti.remove(change.getJti()));
            case USER -> forgetAll(byUser.remove(change.getUserId()));
            default -> {
                kept.clear();
                byJti.clear();
                byUser.clear();
            }
        }
        recent.addLast(change);
        while (recent.size() > RECENT_CHANGES) {
            recentFloor = recent.removeFirst().getPosition();
        }
    }

    private void forgetAll(Set<String> keys) {
        if (keys != null) {
            keys.forEach(this::forget);
        }
    }

    private void forget(String key) {
        Kept gone = kept.remove(key);
        if (gone != null) {
            Optional.ofNullable(byJti.get(gone.jti())).ifPresent(keys -> keys.remove(key));
            Optional.ofNullable(byUser.get(gone.userId())).ifPresent(keys -> keys.remove(key));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    /**
     * Stops answering from memory, stops following, gives the lease up (so that no logout waits it out) and closes
     * the connections of the changes' stream. The lease is given up only once no request can be answered from memory
     * any more; if the server cannot be told, logouts wait out what is left of the lease, as for a guard that died.
     */
    @Override
    public void close() {
        synchronized (lock) { // after an answer being applied, before any other: none renews the lease hereafter
            closed = true;
            leased = false;
            kept.clear();
            byJti.clear();
            byUser.clear();
        }
        follower.interrupt();
        try {
            // Closed, this guard answers nothing from memory, whatever a question still in flight renews: giving the
            // lease up is safe at once, and a question that renews it after costs logouts what is left of it.
            follower.join(SERVER_WAIT.toMillis());
            changes.stopFollowingIntrospectionChanges(viewId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ApiException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "the guard could not give up its lease ({0}); logouts wait it out",
                    RemoteTokenIntrospection.describe(e, "", credential));
        } finally {
            streamClient.getHttpClient().close();
        }
    }
}
