package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Base64;
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
        return run(new Secrets(Map.of()), sources, args);
    }

    private static Outcome run(Secrets secrets, ConfigSources sources, String... args) {
        CommandLine commandLine = XiqAuthServer.commandLine(secrets, sources,
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
                + "  - {name: Admin}\nendpoints:\n  - {method: GET, uri: /a, permissions: [a:c], roles: [Admin]}\n");
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

    // Were the key let through, the server would start: --exit-when-ready makes that a quick failure.
    @Test
    @Timeout(30)
    void anAllZeroSigningKeyStopsItWithOneLineSayingHowToMakeOneBeforeTheStoreIsOpened() throws Exception {
        String zeros = Base64.getEncoder().encodeToString(new byte[32]);
        Path keyFile = dir.resolve("signing.key");
        Files.writeString(keyFile, zeros + "\n");
        Path data = dir.resolve("data");

        Outcome fromEnvironment = run(new Secrets(Map.of("XIQ_AUTH_SIGNING_KEY", zeros)), ConfigSources.none(),
                "--data-dir", data.toString(), "--port", "0", "--exit-when-ready");
        Outcome fromFile = run(ConfigSources.none(), "--signing-key-file", keyFile.toString(),
                "--data-dir", data.toString(), "--port", "0", "--exit-when-ready");

        assertThat(fromEnvironment.exitCode()).isEqualTo(2);
        assertThat(fromEnvironment.errors().lines()).singleElement().asString()
                .startsWith("xiq-auth-server: the signing key in the environment is weak")
                .contains("openssl rand -base64 32");
        assertThat(fromFile.exitCode()).isEqualTo(2);
        assertThat(fromFile.errors().lines()).singleElement().asString()
                .startsWith("xiq-auth-server: the signing key in the key file " + keyFile + " is weak")
                .contains("openssl rand -base64 32");
        assertThat(data).as("the store was not touched").doesNotExist();
    }

    // A store cannot get a weak key from this server: this one is written by hand, as an operator might.
    @Test
    @Timeout(30)
    void aWeakKeyInTheStoreStopsItWithOneLineNamingTheKey() throws Exception {
        Path data = dir.resolve("data");
        try (Database database = Database.open(StoreSettings.embedded(data));
                Connection connection = database.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_keys "
                        + "(kid, secret, created_at, active_marker) VALUES ('by-hand', ?, 0, TRUE)")) {
            insert.setString(1, Base64.getEncoder().encodeToString(new byte[32]));
            insert.executeUpdate();
        }

        Outcome outcome = run(ConfigSources.none(), "--data-dir", data.toString(), "--port", "0",
                "--exit-when-ready");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errors().lines()).singleElement().asString()
                .matches("xiq-auth-server: the signing key [0-9a-f]{16} is weak: .*openssl rand -base64 32");
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
