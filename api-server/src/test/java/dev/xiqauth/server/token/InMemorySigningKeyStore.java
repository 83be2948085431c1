package dev.xiqauth.server.token;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Signing keys in memory: for tests only, since they are lost when the process ends. */
public final class InMemorySigningKeyStore implements SigningKeyStore {
    private final List<StoredKey> keys = new ArrayList<>();
    private final Clock clock;

    public InMemorySigningKeyStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<StoredKey> list() {
        return keys.stream().sorted(Comparator.comparingLong(StoredKey::createdAt).reversed()
                .thenComparing(key -> key.key().keyId())).toList();
    }

    @Override
    public synchronized Optional<String> activeKeyId() {
        return keys.stream().filter(StoredKey::active).map(key -> key.key().keyId()).findFirst();
    }

    @Override
    public synchronized boolean activateIfNone(SigningKey key) {
        if (keys.stream().anyMatch(StoredKey::active)) {
            return false;
        }
        keys.add(new StoredKey(key, true, clock.instant().getEpochSecond(), false));
        return true;
    }

    @Override
    public synchronized void rotate(SigningKey newKey) {
        keys.replaceAll(key -> key.active() ? new StoredKey(key.key(), false, key.createdAt(), key.retired()) : key);
        keys.add(new StoredKey(newKey, true, clock.instant().getEpochSecond(), false));
    }

    @Override
    public synchronized boolean retire(String keyId) {
        for (int i = 0; i < keys.size(); i++) {
            StoredKey key = keys.get(i);
            if (key.key().keyId().equals(keyId)) {
                if (key.active()) {
                    throw new IllegalStateException("key " + keyId + " signs new tokens: rotate before retiring it");
                }
                keys.set(i, new StoredKey(key.key(), false, key.createdAt(), true));
                return true;
            }
        }
        return false;
    }
}
