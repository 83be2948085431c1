package dev.xiqauth.server.view;

import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a token check asks of the embedded store, held in memory and kept exact: the revoked tokens, the
 * retired keys, the users and the live API tokens. Only this process and the admin commands write that store,
 * so the view can know every change before it answers again:
 * <ul>
 * <li>this process writes through {@link #revocations}, {@link #apiTokens} and {@link #users}, which write the
 *     store and then the view before they return, so that the next check sees the change;</li>
 * <li>an admin command holds a lease while it works ({@link #leaseBegun}, {@link AdminLeases}): from the moment
 *     it is granted until the view has been reloaded after it ends, every check is asked of the store, as on a
 *     shared store.</li>
 * </ul>
 * Until it is loaded, and while any other process is connected to the database, the view answers nothing from
 * memory either: it asks the store. It never answers "valid" from a state a change has left behind.
 *
 * <p>Revocations only ever come from this process (a logout); they are loaded once, at start, and leave memory
 * when their token expires, as they leave the store ({@link RevocationStore#PURGE_MARGIN}).
 */
public final class CheckView {
    private static final Logger LOG = LoggerFactory.getLogger(CheckView.class);

    private final RevocationStore revocationStore;
    private final ApiTokenStore apiTokenStore;
    private final UserDirectory userStore;
    private final SigningKeyStore keyStore;
    private final BooleanSupplier otherProcessesConnected;
    private final Clock clock;

    /** Each revoked {@code jti} (16 bytes, as two longs) and when it may be forgotten (epoch seconds). */
    private final ConcurrentMap<UUID, Long> revoked = new ConcurrentHashMap<>();
    private volatile Set<String> retiredKeys = Set.of();
    private volatile ConcurrentMap<Long, User> users = new ConcurrentHashMap<>();
    private volatile ConcurrentMap<String, ApiTokenRecord> apiTokens = new ConcurrentHashMap<>();

    /** Serialises the changes of users, API tokens and keys with the reloads, which replace their maps. */
    private final Object changes = new Object();
    /** Keeps the one load of the revocations from running twice at once; checks go on meanwhile. */
    private final Object loading = new Object();
    private int leases;
    /** Written under {@link #changes}; read without a lock by the logouts. */
    private volatile boolean revocationsLoaded;
    private volatile boolean fromMemory;

    /**
     * @param otherProcessesConnected whether any process other than this one is connected to the database now
     */
    public CheckView(RevocationStore revocations, ApiTokenStore apiTokens, UserDirectory users,
            SigningKeyStore keys, BooleanSupplier otherProcessesConnected, Clock clock) {
        this.revocationStore = revocations;
        this.apiTokenStore = apiTokens;
        this.userStore = users;
        this.keyStore = keys;
        this.otherProcessesConnected = otherProcessesConnected;
        this.clock = clock;
    }

    /** @return the revocations: written through to this view, and checked here */
    public RevocationStore revocations() {
        return new ViewedRevocations(revocationStore, this);
    }

    /** @return the API tokens: written through to this view, and found here */
    public ApiTokenStore apiTokens() {
        return new ViewedApiTokens(apiTokenStore, this);
    }

    /** @return the users: written through to this view, and found by id here */
    public UserDirectory users() {
        return new ViewedUsers(userStore, this);
    }

    /**
     * Brings the view up to date and answers from memory when that is exact. The first call loads every kept
     * revocation (seconds, for hundreds of thousands: until then every check asks the store, so the server serves
     * meanwhile); every call then reloads the rest and answers from memory, unless an admin command holds a lease
     * or another process is connected to the database (one that dies while writing may still commit until its
     * connection is gone). A process connected without a lease (something else than the admin commands writing
     * the embedded store) is logged, and checks ask the store until it leaves. The server calls it on a schedule:
     * it is how the view is loaded, and how it returns to memory after such a process or a failed reload.
     *
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the store cannot be read: checks go on asking it
     */
    public void catchUp() {
        synchronized (loading) {
            if (!revocationsLoaded) {
                long started = System.nanoTime();
                revocationStore.forEachKept((jti, expiresAt) -> revoked.put(JtiKeys.keyOf(jti), expiresAt.getEpochSecond()));
                synchronized (changes) {
                    revocationsLoaded = true;
                }
                LOG.info("{} revocations loaded in {} ms", revoked.size(), (System.nanoTime() - started) / 1_000_000);
            }
        }
        synchronized (changes) {
            if (leases > 0) {
                return;
            }
            if (otherProcessesConnected.getAsBoolean()) {
                if (fromMemory) {
                    fromMemory = false;
                    LOG.warn("another process is connected to the embedded store without an admin command's lease: "
                            + "token checks ask the store until it leaves. Change the store with the admin commands.");
                }
                return;
            }
            if (!fromMemory) {
                reload();
                fromMemory = true;
                LOG.info("token checks are answered from memory: {} revocations, {} users, {} API tokens",
                        revoked.size(), users.size(), apiTokens.size());
            }
        }
    }

    /** @return whether checks are answered from memory now, rather than asked of the store */
    public boolean answersFromMemory() {
        return fromMemory;
    }

    /** @return how many revocations are held in memory */
    public int revocationCount() {
        return revoked.size();
    }

    /**
     * An admin command is about to write the store: from now on until it ends, and the view is reloaded, every
     * check asks the store.
     */
    void leaseBegun() {
        synchronized (changes) {
            leases++;
            fromMemory = false;
        }
    }

    /**
     * An admin command is done, or gone: once no other holds a lease, the view is reloaded from the store. If
     * the store cannot be read now, checks go on asking it until a later {@link #catchUp} succeeds.
     */
    void leaseEnded() {
        synchronized (changes) {
            leases--;
        }
        try {
            catchUp();
        } catch (RuntimeException e) {
            LOG.warn("token checks ask the store until it can be read again: reloading the view failed: {}",
                    e.getMessage());
        }
    }

    private void reload() {
        retiredKeys = keyStore.list().stream().filter(SigningKeyStore.StoredKey::retired)
                .map(key -> key.key().keyId()).collect(Collectors.toUnmodifiableSet());
        users = userStore.list().stream().collect(Collectors.toConcurrentMap(User::userId, Function.identity()));
        apiTokens = apiTokenStore.list().stream()
                .collect(Collectors.toConcurrentMap(ApiTokenRecord::jti, Function.identity()));
    }

    boolean isRevoked(String jti, String keyId) {
        if (!fromMemory) {
            return revocationStore.isRevoked(jti, keyId);
        }
        return revoked.containsKey(JtiKeys.keyOf(jti)) || retiredKeys.contains(keyId);
    }

    Optional<ApiTokenRecord> apiToken(String jti) {
        return fromMemory ? Optional.ofNullable(apiTokens.get(jti)) : apiTokenStore.find(jti);
    }

    Optional<User> user(long userId) {
        return fromMemory ? Optional.ofNullable(users.get(userId)) : userStore.findById(userId);
    }

    /** A revocation the store has just recorded. */
    void revoked(String jti, Instant expiresAt) {
        revoked.put(JtiKeys.keyOf(jti), expiresAt.getEpochSecond());
    }

    /**
     * Whether every revocation the store keeps is held here: once they are loaded, since the only revocations are
     * this process's logouts (admin commands make none), each held here before it returns.
     */
    boolean holdsEveryRevocation() {
        return revocationsLoaded;
    }

    /**
     * Holds a revocation, if it is not held already.
     *
     * @return whether this call put it: with {@link #holdsEveryRevocation}, whether it is the token's first
     */
    boolean revokedFirst(String jti, Instant expiresAt) {
        return revoked.putIfAbsent(JtiKeys.keyOf(jti), expiresAt.getEpochSecond()) == null;
    }

    /**
     * Runs a write of users, API tokens or keys and then brings the view up to date, both before any reload can
     * run: a reload that read the store before the write would otherwise put back what the write changed.
     */
    <T> T change(ChangeWork<T> work) {
        synchronized (changes) {
            return work.run(users, apiTokens);
        }
    }

    /** Re-reads one user and that user's API tokens from the store, after a write that changed them. */
    void reloadUser(long userId, ConcurrentMap<Long, User> usersNow, ConcurrentMap<String, ApiTokenRecord> tokensNow) {
        Optional<User> user = userStore.findById(userId);
        if (user.isPresent()) {
            usersNow.put(userId, user.get());
        } else {
            usersNow.remove(userId);
        }
        Set<String> live = new HashSet<>();
        for (ApiTokenRecord record : apiTokenStore.listCreatedBy(userId)) {
            tokensNow.put(record.jti(), record);
            live.add(record.jti());
        }
        // Only what is gone is removed: a token still live stays answerable at every moment.
        tokensNow.values().removeIf(record -> record.userId() == userId && !live.contains(record.jti()));
    }

    /** Forgets the revocations the store forgets: those of tokens that expired a margin ago. */
    void forgetExpiredRevocations() {
        long before = forgetBefore();
        revoked.values().removeIf(expiresAt -> expiresAt < before);
    }

    /** Forgets the API tokens the store forgets: those that expired a margin ago. */
    void forgetExpiredApiTokens() {
        long before = forgetBefore();
        apiTokens.values().removeIf(record -> record.expiresAt().map(at -> at.getEpochSecond() < before).orElse(false));
    }

    /** @return the epoch second before which a revocation or an API token's record is forgotten */
    long forgetBefore() {
        return clock.instant().minus(RevocationStore.PURGE_MARGIN).getEpochSecond();
    }

    /** A write, given the maps of the view to bring up to date. */
    @FunctionalInterface
    interface ChangeWork<T> {
        T run(ConcurrentMap<Long, User> users, ConcurrentMap<String, ApiTokenRecord> apiTokens);
    }
}
