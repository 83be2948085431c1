package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.xiqauth.server.TestServers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class Argon2idPasswordHasherTest {
    private final PasswordHasher hasher = TestServers.HASHER;

    @Test
    void hashIsAnArgon2idPhcStringWithOwaspParameters() {
        assertThat(hasher.hash("secret")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void hashVerifiesTheSamePasswordOnly() {
        String hash = hasher.hash("correct horse");

        assertThat(hasher.verify(hash, "correct horse")).isTrue();
        assertThat(hasher.verify(hash, "correct horsE")).isFalse();
        assertThat(hasher.verify(hash, "")).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("secret")).isNotEqualTo(hasher.hash("secret"));
    }

    @Test
    void longPasswordIsNotTruncated() {
        String longPassword = "p".repeat(1024);
        String hash = hasher.hash(longPassword);

        assertThat(hasher.verify(hash, longPassword)).isTrue();
        assertThat(hasher.verify(hash, "p".repeat(1023) + "q")).isFalse();
        assertThat(hasher.verify(hash, "p".repeat(128))).isFalse();
    }

    @Test
    void nonAsciiPasswordIsHashedAsUtf8() {
        String hash = hasher.hash("pässwörd-密码-🔑");

        assertThat(hasher.verify(hash, "pässwörd-密码-🔑")).isTrue();
        assertThat(hasher.verify(hash, "passwort-密码-🔑")).isFalse();
    }

    @Test
    void malformedHashMatchesNothing() {
        assertThat(hasher.verify("not a hash", "secret")).isFalse();
        assertThat(hasher.verify("$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB", "secret")).isFalse();
    }

    @Test
    void parametersWeakerThanOwaspAreRefused() {
        assertThatThrownBy(() -> new Argon2Parameters(19 * 1024 - 1, 2, 1)).hasMessageContaining("19456");
        assertThatThrownBy(() -> new Argon2Parameters(19 * 1024, 1, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new Argon2Parameters(19 * 1024, 2, 0)).hasMessageContaining("parallelism");
    }

    @Test
    void strongerParametersAreWrittenIntoTheHash() {
        String hash = new Argon2idPasswordHasher(new Argon2Parameters(32 * 1024, 3, 2)).hash("secret");

        assertThat(hash).startsWith("$argon2id$v=19$m=32768,t=3,p=2$");
        assertThat(hasher.verify(hash, "secret")).as("parameters are read from the hash").isTrue();
    }

    @Test
    void hashesOfTheLibrarysOwnEncoderVerifyAndItVerifiesOurs() {
        // Stored hashes were written by argon2-jvm's argon2id_hash_encoded; a rollback must still read new ones.
        Argon2 library = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
        String stored = library.hash(2, 19 * 1024, 1, "pässwörd".toCharArray(), StandardCharsets.UTF_8);

        assertThat(hasher.verify(stored, "pässwörd")).isTrue();
        assertThat(hasher.verify(stored, "passwörd")).isFalse();
        assertThat(library.verify(hasher.hash("pässwörd"), "pässwörd".toCharArray(), StandardCharsets.UTF_8))
                .isTrue();
    }

    @Test
    void anEmptyPasswordHashesAndVerifiesLikeAnyOther() {
        String hash = hasher.hash("");

        assertThat(hasher.verify(hash, "")).isTrue();
        assertThat(hasher.verify(hash, " ")).isFalse();
    }

    @Test
    void aHashNamingMoreMemoryThanAnyConfigurationMatchesNothingWithoutAllocatingIt() {
        String planted = "$argon2id$v=19$m=999999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);

        assertThat(hasher.verify(planted, "secret")).isFalse();
    }

    @Test
    void onlyAHashOfOtherCostsOrUnreadableNeedsRehashing() {
        assertThat(hasher.needsRehash(hasher.hash("secret"))).isFalse();
        assertThat(hasher.needsRehash(new Argon2idPasswordHasher(new Argon2Parameters(24 * 1024, 2, 1))
                .hash("secret"))).isTrue();
        assertThat(hasher.needsRehash("not a hash")).isTrue();
    }
}
