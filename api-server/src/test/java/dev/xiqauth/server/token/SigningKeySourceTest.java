package dev.xiqauth.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SigningKeySourceTest {
    @TempDir
    Path dir;

    @Test
    void withoutConfigurationThereIsNoConfiguredKey() throws IOException {
        assertThat(SigningKeySource.configured(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void keyFileWinsOverTheEnvironment() throws IOException {
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        Path file = Files.writeString(dir.resolve("configured.key"), Base64.getEncoder().encodeToString(secret) + "\n");

        Optional<SigningKey> key = SigningKeySource.configured(Optional.of(file),
                Optional.of(Base64.getEncoder().encodeToString(new byte[32])));

        assertThat(key).get().extracting(SigningKey::secret).isEqualTo(secret);
    }

    @Test
    void keyFromTheEnvironmentMayUseTheUrlSafeAlphabet() throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        secret[0] = (byte) 0xfb; // its base64 starts with '+', its URL-safe base64 with '-'

        Optional<SigningKey> key = SigningKeySource.configured(Optional.empty(),
                Optional.of(Base64.getUrlEncoder().encodeToString(secret)));

        assertThat(key).get().extracting(SigningKey::secret).isEqualTo(secret);
    }

    @Test
    void aWeakKeyFromTheEnvironmentOrAFileIsRefusedSayingWhereAndHowToMakeOne() throws IOException {
        String zeros = Base64.getEncoder().encodeToString(new byte[32]);
        Path file = Files.writeString(dir.resolve("zero.key"), zeros + "\n");

        assertThatThrownBy(() -> SigningKeySource.configured(Optional.empty(), Optional.of(zeros)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the signing key in the environment is weak")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> SigningKeySource.configured(Optional.of(file), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the signing key in the key file " + file + " is weak")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void shortOrUnreadableKeysAreRefused() {
        assertThatThrownBy(() -> SigningKeySource.configured(Optional.empty(),
                Optional.of(Base64.getEncoder().encodeToString(new byte[16])))).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> SigningKeySource.configured(Optional.empty(), Optional.of("not base64!")))
                .hasMessageContaining("not base64");
    }
}
