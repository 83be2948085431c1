package dev.xiqauth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SigningKeySourceTest {
    private final SigningKeySource source = new SigningKeySource(new SecureRandom());

    @TempDir
    Path dataDir;

    @Test
    void firstStartGeneratesAKeyReadableOnlyByItsOwner() throws IOException {
        SigningKey key = source.load(Optional.empty(), Optional.empty(), dataDir);

        Path file = dataDir.resolve(SigningKeySource.GENERATED_KEY_FILE);
        assertThat(key.secret()).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void laterStartsReuseTheGeneratedKey() throws IOException {
        SigningKey first = source.load(Optional.empty(), Optional.empty(), dataDir);
        SigningKey second = source.load(Optional.empty(), Optional.empty(), dataDir.resolve(".").normalize());

        assertThat(second.secret()).isEqualTo(first.secret());
        assertThat(second.keyId()).isEqualTo(first.keyId());
    }

    @Test
    void configuredKeyFileWinsOverTheEnvironmentAndTheDataDirectory() throws IOException {
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        Path file = Files.writeString(dataDir.resolve("configured.key"), Base64.getEncoder().encodeToString(secret) + "\n");

        SigningKey key = source.load(Optional.of(file), Optional.of(Base64.getEncoder().encodeToString(new byte[32])),
                dataDir);

        assertThat(key.secret()).isEqualTo(secret);
        assertThat(dataDir.resolve(SigningKeySource.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void keyFromTheEnvironmentMayUseTheUrlSafeAlphabet() throws IOException {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 0xfb);

        SigningKey key = source.load(Optional.empty(), Optional.of(Base64.getUrlEncoder().encodeToString(secret)),
                dataDir);

        assertThat(key.secret()).isEqualTo(secret);
    }

    @Test
    void shortOrUnreadableKeysAreRefused() {
        assertThatThrownBy(() -> source.load(Optional.empty(),
                Optional.of(Base64.getEncoder().encodeToString(new byte[16])), dataDir)).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> source.load(Optional.empty(), Optional.of("not base64!"), dataDir))
                .hasMessageContaining("not base64");
    }
}
