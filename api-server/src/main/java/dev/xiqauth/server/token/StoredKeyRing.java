package dev.xiqauth.server.token;

import dev.xiqauth.server.token.SigningKeyStore.StoredKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the store, cached, so that no request reads key material from the database. Nothing
 * that another instance or an admin command changes waits for the cache, though: before each token
 * is signed the store is asked which key signs now (one small query per login), and the cache is
 * reloaded when that changed, so a rotation takes effect at the next login on every instance; a
 * retired key's tokens are refused by the per-request revocation check ({@link RevocationStore}). The
 * cache is also reloaded on a schedule ({@link #refresh()}), and when a token names a key it does not
 * know (a rotation made elsewhere), at most once per {@code minReloadInterval} so forged key ids
 * cannot flood the database.
 */
public final class StoredKeyRing implements KeyRing {
    private static final Logger LOG = LoggerFactory.getLogger(StoredKeyRing.class);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration minReloadInterval;
    private volatile Snapshot snapshot;
    /** When a token naming an unknown key last caused a reload: other reloads do not hold the next one back. */
    private final AtomicReference<Instant> lastReloadForUnknownKey = new AtomicReference<>(Instant.MIN);

    private record Snapshot(SigningKey active, Map<String, SigningKey> usable) {
    }

    private StoredKeyRing(SigningKeyStore store, Clock clock, Duration minReloadInterval) {
        this.store = store;
        this.clock = clock;
        this.minReloadInterval = minReloadInterval;
    }

    /**
     * Loads the keys, making a first one when the store has none.
     *
     * @param store the keys
     * @param random where a first key comes from
     * @param clock the time of reloads
     * @return the ring
     */
    public static StoredKeyRing open(SigningKeyStore store, SecureRandom random, Clock clock) {
        StoredKeyRing ring = new StoredKeyRing(store, clock, Duration.ofSeconds(1));
        if (store.list().stream().noneMatch(StoredKey::active)) {
            if (store.activateIfNone(SigningKey.generate(random))) {
                LOG.info("generated the first signing key");
            }
        }
        ring.refresh();
        return ring;
    }

    /** Reloads the keys from the store. */
    public synchronized void refresh() {
        List<StoredKey> keys = store.list();
        Map<String, SigningKey> usable = keys.stream().filter(key -> !key.retired())
                .collect(Collectors.toUnmodifiableMap(key -> key.key().keyId(), StoredKey::key));
        SigningKey active = keys.stream().filter(StoredKey::active).map(StoredKey::key).findFirst()
                .orElseThrow(() -> new IllegalStateException("the store has no active signing key"));
        Snapshot previous = snapshot;
        snapshot = new Snapshot(active, usable);
        if (previous != null && !previous.active().keyId().equals(active.keyId())) {
            LOG.info("signing with the rotated key {}", active.keyId());
        }
    }

    /**
     * @return the key the store says signs now
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the store cannot be asked
     */
    @Override
    public SigningKey signingKey() {
        Snapshot current = snapshot;
        String active = store.activeKeyId()
                .orElseThrow(() -> new IllegalStateException("the store has no active signing key"));
        if (!current.active().keyId().equals(active)) {
            refresh();
            current = snapshot;
        }
        return current.active();
    }

    @Override
    public Optional<SigningKey> verificationKey(String keyId) {
        SigningKey key = snapshot.usable().get(keyId);
        if (key == null) {
            Instant now = clock.instant();
            Instant last = lastReloadForUnknownKey.get();
            // One reload per interval, by whichever request wins it; a scheduled reload just before a rotation
            // elsewhere must not make this instance refuse the new key's tokens.
            if (last.plus(minReloadInterval).isBefore(now) && lastReloadForUnknownKey.compareAndSet(last, now)) {
                refresh();
                key = snapshot.usable().get(keyId);
            }
        }
        return Optional.ofNullable(key);
    }

}
