package dev.xiqauth.server.token;

import dev.xiqauth.server.token.SigningKeyStore.StoredKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the store, cached: signing and verifying need no database round trip. The cache is
 * reloaded on a schedule ({@link #refresh()}), and at once when a token names a key it does not
 * know (a rotation made by another instance), at most once per {@code minReloadInterval} so forged
 * key ids cannot flood the database.
 */
public final class StoredKeyRing implements KeyRing {
    private static final Logger LOG = LoggerFactory.getLogger(StoredKeyRing.class);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration minReloadInterval;
    private volatile Snapshot snapshot;

    private record Snapshot(SigningKey active, Map<String, SigningKey> usable, Instant loadedAt) {
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
            byte[] secret = new byte[SigningKey.MIN_BYTES];
            random.nextBytes(secret);
            if (store.activateIfNone(new SigningKey(secret))) {
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
        snapshot = new Snapshot(active, usable, clock.instant());
        if (previous != null && !previous.active().keyId().equals(active.keyId())) {
            LOG.info("signing with the rotated key {}", active.keyId());
        }
    }

    @Override
    public SigningKey signingKey() {
        return snapshot.active();
    }

    @Override
    public Optional<SigningKey> verificationKey(String keyId) {
        Snapshot current = snapshot;
        SigningKey key = current.usable().get(keyId);
        if (key == null && current.loadedAt().plus(minReloadInterval).isBefore(clock.instant())) {
            refresh();
            key = snapshot.usable().get(keyId);
        }
        return Optional.ofNullable(key);
    }

}
