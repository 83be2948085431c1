package dev.xiqauth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void secretIsReadFromTheVariable() {
        assertThat(new Secrets(Map.of("PW", "s3cret")).get("PW")).contains("s3cret");
    }

    @Test
    void secretIsReadFromTheFileTheFileVariableNamesWithoutItsFinalLineBreak() throws IOException {
        Path unix = Files.writeString(dir.resolve("pw"), "s3cret ending in a space \n");
        Path windows = Files.writeString(dir.resolve("pw2"), "s3cret\r\n");
        Path none = Files.writeString(dir.resolve("pw3"), "s3cret");

        assertThat(new Secrets(Map.of("PW_FILE", unix.toString())).get("PW")).contains("s3cret ending in a space ");
        assertThat(new Secrets(Map.of("PW_FILE", windows.toString())).get("PW")).contains("s3cret");
        assertThat(new Secrets(Map.of("PW_FILE", none.toString())).get("PW")).contains("s3cret");
    }

    @Test
    void unsetOrEmptySecretIsAbsent() {
        assertThat(new Secrets(Map.of("PW", "")).get("PW")).isEmpty();
        assertThat(new Secrets(Map.of()).get("PW")).isEmpty();
    }

    @Test
    void settingBothTheVariableAndTheFileIsRefused() {
        assertThatThrownBy(() -> new Secrets(Map.of("PW", "a", "PW_FILE", "/b")).get("PW"))
                .hasMessageContaining("either PW or PW_FILE");
    }
}
