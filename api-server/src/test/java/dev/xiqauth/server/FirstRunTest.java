package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first run as an operator makes it, with the mistakes one makes on it: each start-up failure is one line
 * naming what failed and what to do, happens before anything is stored, and never costs the first
 * administrator's password; bootstrap credentials that a store with users ignores say so.
 */
final class FirstRunTest {
    private static final String FIRST_PASSWORD_SHOWN = "Created the first user 'admin' with the password: ";

    @TempDir
    Path dataDir;

    @Test
    void aPortInUseIsOneLineNamingTheAddressAndNoFirstUserIsCreatedOrShown() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            ServerProcess.Ended refused = ServerProcess.runWithArguments(Map.of(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--data-dir", dataDir.toString());

            assertThat(refused.status()).as("exit status; output %s", refused.out()).isEqualTo(2);
            assertThat(refused.err()).singleElement().asString()
                    .startsWith("xiq-auth-server: cannot listen on 127.0.0.1:" + port + " ")
                    .contains("change --host and --port");
            assertThat(refused.out()).as("no password is shown for a start that failed")
                    .noneMatch(line -> line.contains(FIRST_PASSWORD_SHOWN));
        }
        try (ServerProcess started = ServerProcess.start(dataDir, Map.of())) {
            assertThat(started.output()).as("the failed start created no user: this one creates the first")
                    .anyMatch(line -> line.startsWith(FIRST_PASSWORD_SHOWN));
        }
    }

    @Test
    void aCatalogueLackingAPermissionOfTheContractFailsTheStartWithoutCreatingOrShowingTheFirstUser()
            throws Exception {
        Path catalogue = dataDir.resolveSibling(dataDir.getFileName() + "-catalogue.yaml");
        Files.writeString(catalogue, """
                roles:
                  - {name: ADMINISTRATOR, description: Everything}
                permissions:
                  - {name: "device:r", description: Read devices, category: Device}
                endpoints:
                  - {method: GET, uri: /devices, permissions: ["device:r"], roles: [ADMINISTRATOR]}
                """);

        ServerProcess.Ended refused = ServerProcess.runUntilItEnds(dataDir, Map.of(), "--permissions-file",
                catalogue.toString());

        assertThat(refused.status()).as("exit status; output %s %s", refused.out(), refused.err()).isEqualTo(2);
        assertThat(String.join("\n", refused.err())).contains("the contract's x-xiq-permissions")
                .contains("which the catalogue does not define");
        assertThat(refused.out()).as("no password is shown for a start that failed")
                .noneMatch(line -> line.contains(FIRST_PASSWORD_SHOWN));
        ServerProcess.Ended listed = ServerProcess.runWithArguments(Map.of(), "users", "list", "--data-dir",
                dataDir.toString(), "--format", "json");
        assertThat(listed.status()).as("exit status; err %s", listed.err()).isZero();
        assertThat(String.join("", listed.out())).as("the failed start created no user").isEqualTo("[]");
    }

    @Test
    void aMissingSigningKeyFileIsOneClearLineBeforeTheStoreIsTouched() throws Exception {
        Path missing = dataDir.resolveSibling(dataDir.getFileName() + "-no-such-key");

        ServerProcess.Ended refused = ServerProcess.runUntilItEnds(dataDir, Map.of(), "--signing-key-file",
                missing.toString());

        assertThat(refused.status()).as("exit status; output %s", refused.out()).isEqualTo(2);
        assertThat(refused.err()).singleElement().asString()
                .isEqualTo("xiq-auth-server: cannot read the signing key file " + missing + ": no such file");
        assertThat(filesIn(dataDir)).as("the store was not created, let alone migrated").isEmpty();
    }

    @Test
    void aSigningKeyFileTooShortIsRefusedBeforeTheStoreIsTouched() throws Exception {
        Path shortKey = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-short.key"),
                "c2hvcnQ=\n");

        ServerProcess.Ended refused = ServerProcess.runUntilItEnds(dataDir, Map.of(), "--signing-key-file",
                shortKey.toString());

        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).singleElement().asString().startsWith("xiq-auth-server: ").contains("256 bits");
        assertThat(filesIn(dataDir)).isEmpty();
    }

    @Test
    void bootstrapCredentialsIgnoredByAStoreWithUsersAreWarnedAbout() throws Exception {
        Map<String, String> first = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", "the first passphrase");
        try (ServerProcess started = ServerProcess.start(dataDir, first)) {
            assertThat(started.output()).noneMatch(line -> line.contains("are ignored"));
        }
        Map<String, String> again = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", "ops@example.com",
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", "a changed passphrase");

        try (ServerProcess restarted = ServerProcess.start(dataDir, again)) {
            assertThat(restarted.output()).filteredOn(line -> line.contains("XIQ_AUTH_BOOTSTRAP_USERNAME and "
                    + "XIQ_AUTH_BOOTSTRAP_PASSWORD are ignored")).singleElement().asString().contains("WARN")
                    .contains("users passwd");
        }
    }

    @Test
    void anAdminCommandsStandardOutputCarriesItsResultAloneAndItsLogsGoToStandardError() throws Exception {
        try (ServerProcess started = ServerProcess.start(dataDir, Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME",
                "ops@example.com", "XIQ_AUTH_BOOTSTRAP_PASSWORD", "a long passphrase"))) {
            started.terminate();
        }

        ServerProcess.Ended listed = ServerProcess.runWithArguments(Map.of(), "users", "list", "--data-dir",
                dataDir.toString(), "--log-level", "INFO");

        assertThat(listed.status()).as("exit status; err %s", listed.err()).isZero();
        assertThat(listed.out()).as("the table, and nothing else").hasSize(2)
                .first().asString().startsWith("USER_ID");
        assertThat(listed.out().get(1)).contains("ops@example.com");
        assertThat(listed.err()).as("--log-level INFO: the store's log lines, on standard error")
                .anyMatch(line -> line.contains(" INFO "));
    }

    private static List<Path> filesIn(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
