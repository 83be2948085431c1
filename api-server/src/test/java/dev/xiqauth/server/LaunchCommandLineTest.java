package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A server launch builds only the root command (the admin commands' models cost a second and more of a start
 * on one core); any launch that could name, list or need an admin command gets the whole command line.
 */
final class LaunchCommandLineTest {
    private static final CommandLine WHOLE = XiqAuthServer.commandLine(new Secrets(Map.of()), ConfigSources.none(),
            new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), Clock.systemUTC());

    private static boolean needs(String... args) {
        return XiqAuthServer.needsAdminCommands(root(), List.of(args));
    }

    private static CommandSpec root() {
        return WHOLE.getCommandSpec();
    }

    @Test
    void aServerLaunchOfRootOptionsAndTheirValuesLeavesTheAdminCommandsOut() {
        assertThat(needs()).isFalse();
        assertThat(needs("--host", "127.0.0.1", "--port", "0", "--data-dir", "./data", "--log-level", "info",
                "--hash-concurrency=2", "--issuer", "https://auth.example.com")).isFalse();
    }

    @Test
    void everyAdminCommandOfTheWholeCommandLineIsRecognisedByItsName() {
        assertThat(WHOLE.getSubcommands()).isNotEmpty();
        for (String name : WHOLE.getSubcommands().keySet()) {
            assertThat(needs(name)).as(name).isTrue();
            assertThat(needs(name, "list")).as(name).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version", "-V", "-hV", "@launch.args", "--no-such-option", "user",
        "-", "--"})
    void helpVersionArgumentFilesUnknownOptionsAndWordsGetTheWholeCommandLine(String arg) {
        assertThat(needs("--port", "0", arg)).isTrue();
    }

    @Test
    void aValueThatLooksLikeACommandIsTheOptionsValueNotACommand() {
        assertThat(needs("--issuer", "users", "--data-dir", "keys")).isFalse();
        assertThat(needs("--data-dir=users")).isFalse();
    }
}
