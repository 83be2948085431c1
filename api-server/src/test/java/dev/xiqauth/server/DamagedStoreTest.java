package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcUserDirectory;
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
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An embedded database file that exists but holds no readable store is never replaced by a new store:
 * the server and the admin commands stop with one line naming the file and what to do, and leave the
 * file and the data directory as they were.
 */
final class DamagedStoreTest {
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "a passphrase for a store that must not be made");

    @TempDir
    Path dataDir;

    private Path databaseFile() {
        return dataDir.resolve(StoreSettings.EMBEDDED_DATABASE + ".mv.db");
    }

    private record Run(int status, String err) {
    }

    private Run admin(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = XiqAuthServer.commandLine(new Secrets(Map.of()), ConfigSources.none(),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), Clock.systemUTC());
        commandLine.setErr(new PrintWriter(err, true));
        String[] withStore = Stream.concat(Stream.of(args), Stream.of("--data-dir", dataDir.toString()))
                .toArray(String[]::new);
        return new Run(commandLine.execute(withStore), err.toString());
    }

    private List<Path> dataDirectory() throws Exception {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.sorted().toList();
        }
    }

    /** The server process and an admin command both refuse the file, and change nothing. */
    private void assertRefusedAndLeftAsItWas(String why) throws Exception {
        byte[] before = Files.readAllBytes(databaseFile());
        List<Path> filesBefore = dataDirectory();

        ServerProcess.Ended server = ServerProcess.runUntilItEnds(dataDir, BOOTSTRAP);
        Run listed = admin("users", "list");

        assertThat(server.status()).as("exit status; output %s", server.out()).isEqualTo(2);
        assertThat(server.err()).singleElement().asString()
                .startsWith("xiq-auth-server: the embedded database file " + databaseFile() + " " + why)
                .contains("Restore it from a backup, or move it away");
        assertThat(server.out()).noneMatch(line -> line.contains("first user") || line.contains("signing key"));
        assertThat(listed.status()).isEqualTo(1);
        assertThat(listed.err().lines()).singleElement().asString()
                .startsWith("xiq-auth-server: the embedded database file " + databaseFile() + " " + why);
        assertThat(Files.readAllBytes(databaseFile())).as("the file, byte for byte").isEqualTo(before);
        assertThat(dataDirectory()).isEqualTo(filesBefore);
    }

    @Test
    void emptyDatabaseFileStopsTheServerAndTheAdminCommands() throws Exception {
        Files.write(databaseFile(), new byte[0]);

        assertRefusedAndLeftAsItWas("is empty (0 bytes)");
    }

    @Test
    void databaseFileOfRandomBytesStopsTheServerAndTheAdminCommands() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(20261128).nextBytes(noise);
        Files.write(databaseFile(), noise);

        assertRefusedAndLeftAsItWas("is damaged");
    }

    @Test
    void databaseFileWhoseHeaderIsIntactButWhoseDataIsNotIsRefusedRatherThanStartedAfresh() throws Exception {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            new JdbcUserDirectory(database).add("kept@example.com", "hash", "ADMINISTRATOR", Optional.empty());
        }
        byte[] file = Files.readAllBytes(databaseFile());
        byte[] noise = new byte[file.length - 8192];
        new Random(7).nextBytes(noise);
        // H2 keeps two copies of its header in the first 8 KiB; everything after them is scrambled.
        System.arraycopy(noise, 0, file, 8192, noise.length);
        Files.write(databaseFile(), file);

        Throwable refused = catchThrowable(() -> CompositionRoot.start(
                TestServers.settings(StoreSettings.embedded(dataDir), 0, null), new Secrets(BOOTSTRAP),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .close());

        assertThat(refused).as("H2 alone would open it as a new, empty database").isNotNull();
        assertThat(refused.getMessage()).doesNotContain("\n")
                .startsWith("the embedded database file " + databaseFile() + " is damaged");
        assertThat(admin("users", "list").err()).contains(databaseFile().toString());
        assertThat(Files.readAllBytes(databaseFile())).as("the file, byte for byte").isEqualTo(file);
    }
}
