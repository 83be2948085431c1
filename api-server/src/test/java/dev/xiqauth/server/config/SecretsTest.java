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
    void secretIsReadFromTheFileTheFileVariableNamesWithoutItsLineBreak() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret with spaces \n");

        assertThat(new Secrets(Map.of("PW_FILE", file.toString())).get("PW")).contains("s3cret with spaces");
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
