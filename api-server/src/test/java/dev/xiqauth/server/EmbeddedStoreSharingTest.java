package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.DataDirectoryLock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded store's automatic mixed mode, with the server as its own process, as an operator runs
 * it: the database is served to the admin commands on loopback only, and they work while the server
 * runs.
 */
final class EmbeddedStoreSharingTest {
    private static final Map<String, String> BOOTSTRAP = Map.of(
            "XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
            "XIQ_AUTH_BOOTSTRAP_PASSWORD", "a loopback passphrase");

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();

    @TempDir
    Path dataDir;

    private record Run(int status, String out, String err) {
    }

    private Run admin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = XiqAuthServer.commandLine(new Secrets(Map.of()), ConfigSources.none(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC());
        commandLine.setErr(new PrintWriter(err, true));
        String[] withStore = new String[args.length + 2];
        System.arraycopy(args, 0, withStore, 0, args.length);
        withStore[args.length] = "--data-dir";
        withStore[args.length + 1] = dataDir.toString();
        return new Run(commandLine.execute(withStore), out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** @return the address H2 recorded in the lock file for other processes to reach the database at */
    private InetSocketAddress recordedServerAddress() throws Exception {
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("xiq-auth.lock.db"))) {
            lock.load(in);
        }
        String server = lock.getProperty("server");
        assertThat(server).as("lock file %s", lock).isNotNull();
        int colon = server.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(server.substring(0, colon).replaceAll("[\\[\\]]", "")),
                Integer.parseInt(server.substring(colon + 1)));
    }

    @Test
    void databaseIsServedOnLoopbackOnlyAndAdminCommandsWorkWhileTheServerRuns() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/<pid>/net/tcp");
        try (ServerProcess server = ServerProcess.start(dataDir, BOOTSTRAP)) {
            List<InetSocketAddress> listening = ListeningSockets.of(server.pid());
            InetSocketAddress recorded = recordedServerAddress();

            assertThat(listening).as("the API and the database, each on one port")
                    .extracting(InetSocketAddress::getPort)
                    .contains(server.baseUri().getPort(), recorded.getPort());
            assertThat(listening).as("every listening socket of the server process")
                    .allSatisfy(socket -> assertThat(socket.getAddress().isLoopbackAddress())
                            .as("%s is a loopback address", socket).isTrue());
            assertThat(recorded.getAddress().isLoopbackAddress()).as("recorded %s", recorded).isTrue();

            Run added = admin("bob's passphrase\n", "users", "add", "bob@example.com");
            assertThat(added.status()).as(added.err()).isZero();
            assertThat(added.out().lines()).singleElement().asString().contains("added user bob@example.com");
            assertThat(new HttpLogin(http, "bob@example.com", "bob's passphrase").token(server.baseUri()))
                    .as("the running server sees the user the admin command added").isNotBlank();
            assertThat(admin("", "users", "list").out()).contains("ops@example.com").contains("bob@example.com");
        }
    }

    @Test
    void aSecondServerOnTheStoreOfARunningServerProcessIsRefusedAndChangesNothing() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, BOOTSTRAP)) {
            String token = new HttpLogin(http, "ops@example.com", "a loopback passphrase").token(server.baseUri());

            assertThatThrownBy(() -> CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0,
                    "https://auth.second.test"), new Secrets(Map.of()), Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                    .isInstanceOf(IOException.class).hasMessageContaining("another server serves the store in " + dataDir);
            assertThat(new HttpLogin(http, "ops@example.com", "a loopback passphrase").introspectionStatus(
                    server.baseUri(), token)).as("the first server, after the second was refused").isEqualTo(200);
        }
    }

    @Test
    void aStoreMadeBeforeItsDirectoryHadALockFileIsServedByAFreshProcess() throws Exception {
        try (ServerProcess first = ServerProcess.start(dataDir, BOOTSTRAP)) {
            new HttpLogin(http, "ops@example.com", "a loopback passphrase").token(first.baseUri());
        }
        Files.delete(dataDir.resolve(DataDirectoryLock.FILE)); // as a store made by a version without one

        try (ServerProcess again = ServerProcess.start(dataDir, BOOTSTRAP)) {
            assertThat(new HttpLogin(http, "ops@example.com", "a loopback passphrase").token(again.baseUri()))
                    .as("a login on the store, in a process whose first use of H2 is the check of its file")
                    .isNotBlank();
        }
    }
}
