package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Invalid configuration stops the server at start with one clear line naming the setting and its source. */
final class ConfigurationErrorsTest {
    @TempDir
    Path dir;

    private record Outcome(int exitCode, String errors) {
    }

    private static Outcome run(ConfigSources sources, String... args) {
        CommandLine commandLine = XiqAuthServer.commandLine(new Secrets(Map.of()), sources,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), Clock.systemUTC());
        StringWriter errors = new StringWriter();
        commandLine.setErr(new PrintWriter(errors, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, errors.toString());
    }

    private Path configFile(String content) throws Exception {
        Path file = dir.resolve("xiq-auth.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheSettingAndTheVariable() {
        Outcome outcome = run(ConfigSources.load(List.of(), Map.of("XIQ_AUTH_PORT", "eighty")));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString()
                .contains("'--port'").contains("'eighty'").contains("environment variable XIQ_AUTH_PORT");
    }

    @Test
    void aBadValueFromTheConfigFileNamesTheFileAndTheKey() throws Exception {
        Path file = configFile("log-format=xml\n");

        Outcome outcome = run(ConfigSources.load(List.of("--config", file.toString()), Map.of()), "--config",
                file.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString()
                .contains("'--log-format'").contains("config file " + file + ", key log-format");
    }

    @Test
    void aValueTheServerCannotHonourStopsItWithOneLine() {
        Outcome outcome = run(ConfigSources.none(), "--port", "70000");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString().contains("--port must be between 0 and 65535");
        assertThat(outcome.errors()).doesNotContain("\tat ");
    }

    // Were the value let through, the server would start and wait for SIGTERM: the timeout makes that a failure.
    @Test
    @Timeout(30)
    void anIpv6PrefixLengthFromTheEnvironmentOutsideItsRangeStopsItWithOneLine() {
        Outcome outcome = run(ConfigSources.load(List.of(), Map.of("XIQ_AUTH_IPV6_PREFIX_LENGTH", "16")));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString()
                .isEqualTo("xiq-auth-server: --ipv6-prefix-length must be between 32 and 128, got 16");
    }

    @Test
    @Timeout(30)
    void aNegativeValidationLimitStopsItWithOneLine() {
        Outcome outcome = run(ConfigSources.none(), "--validate-rate-limit", "-1", "--data-dir", dir.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString()
                .isEqualTo("xiq-auth-server: --validate-rate-limit must be 0 (no limit) to 1000000, not -1");
    }

    @Test
    @Timeout(30)
    void aPermissionsFileThatIsMissingOrInvalidStopsItWithOneLineNamingTheFileBeforeTheStoreIsOpened()
            throws Exception {
        Path invalid = dir.resolve("permissions.yaml");
        Files.writeString(invalid, "permissions:\n  - {name: a:b, description: d, category: c}\nroles:\n"
                + "  - {name: Admin, permissions: [a:c]}\n");
        Path data = dir.resolve("data");

        Outcome missing = run(ConfigSources.none(), "--permissions-file", dir.resolve("absent.yaml").toString(),
                "--data-dir", data.toString());
        Outcome wrong = run(ConfigSources.load(List.of(), Map.of("XIQ_AUTH_PERMISSIONS_FILE", invalid.toString())),
                "--data-dir", data.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errors().lines()).singleElement().asString().contains("absent.yaml does not exist");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.errors().lines()).singleElement().asString().contains(invalid.toString())
                .contains("names the permission 'a:c'");
        assertThat(data).as("the store was not touched").doesNotExist();
    }

    @Test
    void aConfigFileNamingNoSuchSettingIsRefused() throws Exception {
        Path file = configFile("prot=8081\n");

        assertThatThrownBy(() -> run(ConfigSources.load(List.of(), Map.of("XIQ_AUTH_CONFIG", file.toString()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown setting 'prot'");
    }

    @Test
    void theConfigFileFlagBeatsItsEnvironmentVariable() throws Exception {
        Path flagged = configFile("port=abc\n");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "port=def\n");

        Outcome outcome = run(ConfigSources.load(List.of("--config=" + flagged), Map.of("XIQ_AUTH_CONFIG",
                other.toString())), "--config=" + flagged);

        assertThat(outcome.errors()).contains("'abc'").doesNotContain("'def'");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(() -> ConfigSources.load(List.of("--config", dir.resolve("absent.properties").toString()),
                Map.of())).hasMessageContaining("cannot read the config file").hasMessageContaining("absent.properties");
    }
}
