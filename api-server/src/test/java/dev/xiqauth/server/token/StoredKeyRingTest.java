package dev.xiqauth.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the ring goes to the store for keys it does not know: rotations elsewhere, and forged key ids. */
final class StoredKeyRingTest {
    private final MutableClock clock = new MutableClock(TestServers.START);
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore(clock);
    private final AtomicInteger loads = new AtomicInteger();
    private final SigningKeyStore counted = new SigningKeyStore() {
        @Override
        public List<StoredKey> list() {
            loads.incrementAndGet();
            return store.list();
        }

        @Override
        public Optional<String> activeKeyId() {
            return store.activeKeyId();
        }

        @Override
        public boolean activateIfNone(SigningKey key) {
            return store.activateIfNone(key);
        }

        @Override
        public void rotate(SigningKey newKey) {
            store.rotate(newKey);
        }

        @Override
        public boolean retire(String keyId) {
            return store.retire(keyId);
        }
    };

    @Test
    void forgedKeyIdsReloadTheKeysAtMostOncePerSecond() {
        StoredKeyRing ring = StoredKeyRing.open(counted, new SecureRandom(), clock);
        clock.advance(Duration.ofSeconds(5));
        int before = loads.get();

        for (int i = 0; i < 1_000; i++) {
            assertThat(ring.verificationKey("forged-" + i)).isEmpty();
        }
        clock.advance(Duration.ofMillis(1_500));
        assertThat(ring.verificationKey("forged-again")).isEmpty();

        assertThat(loads.get() - before).isEqualTo(2);
    }

    @Test
    void keyRotatedElsewhereRightAfterAScheduledReloadIsFoundWhenATokenNamesIt() {
        StoredKeyRing ring = StoredKeyRing.open(counted, new SecureRandom(), clock);
        clock.advance(Duration.ofSeconds(10));
        ring.refresh();
        SigningKey rotated = TestServers.keyOf('e');

        store.rotate(rotated);

        assertThat(ring.verificationKey(rotated.keyId())).as("no time passed since the scheduled reload")
                .map(SigningKey::keyId).contains(rotated.keyId());
    }
}
