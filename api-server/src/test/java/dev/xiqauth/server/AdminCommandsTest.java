package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.AdminRuns.Run;
import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcSigningKeyStore;
import dev.xiqauth.server.store.JdbcUserDirectory;
import dev.xiqauth.server.user.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server jar as the admin tool, on the embedded store of a data directory. */
final class AdminCommandsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00.400Z"));
    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private static final String OPERATOR = "ops@example.com";
    private static final String OPERATOR_PASSWORD = "an operator's long passphrase";

    /** @return a server on the data directory the commands work on, its first user the operator */
    private RunningServer startServer() throws Exception {
        return CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0, "https://auth.admin.test"),
                new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", OPERATOR, "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                        OPERATOR_PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private Run run(String stdin, String... args) {
        return run(ConfigSources.none(), stdin, args);
    }

    private Run run(ConfigSources sources, String stdin, String... args) {
        return new AdminRuns(dataDir, clock).run(sources, stdin, args);
    }

    @Test
    void adminCommandsHashWithTheHashingSettingsOfTheEnvironmentAndTheConfigFile() {
        Run added = run(ConfigSources.load(List.of(),
                Map.of("XIQ_AUTH_ARGON2_MEMORY_KIB", "20480")), "a password of the environment's cost\n",
                "users", "add", "costly@example.com");

        assertThat(added.status()).as(added.err()).isZero();
        assertThat(user("costly@example.com").passwordHash()).contains("m=20480");
    }

    private User user(String username) {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            return new JdbcUserDirectory(database).findByUsername(username).orElseThrow();
        }
    }

    @Test
    void addedUserHasTheRoleAndAHashOfThePasswordReadFromStandardInput() {
        Run added = run("a secret from stdin\n", "users", "add", "bob@example.com", "--role", "Monitor");
        Run helpDesk = run("another secret\n", "users", "add", "carol@example.com", "--role", "Help Desk");

        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).as("XIQ's display name is taken for its role").contains("added user bob@example.com")
                .contains("role MONITOR");
        assertThat(helpDesk.out()).contains("role HELP_DESK");
        User bob = user("BOB@example.com");
        assertThat(bob.role()).isEqualTo("MONITOR");
        assertThat(TestServers.HASHER.verify(bob.passwordHash(), "a secret from stdin")).isTrue();
        assertThat(added.out()).doesNotContain("a secret from stdin");
    }

    @Test
    void addingAUserTwiceInAnyCaseFailsWithAClearMessage() {
        run("pw-one\n", "users", "add", "bob");

        Run again = run("pw-two\n", "users", "add", "BOB");

        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("a user named 'BOB' exists already").doesNotContain("Exception");
    }

    @Test
    void commandsOnAnUnknownUserFailWithAClearMessage() {
        String[][] commands = {{"users", "passwd", "ghost"}, {"users", "disable", "ghost"},
            {"users", "enable", "ghost"}, {"users", "remove", "ghost"}};
        for (String[] command : commands) {
            Run failed = run("pw\n", command);
            assertThat(failed.status()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(failed.err()).contains("no user named 'ghost'");
        }
    }

    @Test
    void passwdSetsTheNewPasswordAndRefusesTokensIssuedUpToThisSecond() {
        run("old password\n", "users", "add", "bob");

        Run changed = run("new password\n", "users", "passwd", "bob");

        assertThat(changed.status()).as(changed.err()).isZero();
        User bob = user("bob");
        assertThat(TestServers.HASHER.verify(bob.passwordHash(), "new password")).isTrue();
        assertThat(bob.tokensValidAfter()).isEqualTo(Instant.parse("2026-11-28T12:00:01Z"));
    }

    @Test
    void disableEnableAndRemoveChangeTheStore() {
        run("pw\n", "users", "add", "bob");

        assertThat(run("", "users", "disable", "bob").status()).isZero();
        assertThat(user("bob").enabled()).isFalse();
        assertThat(run("", "users", "enable", "bob").status()).isZero();
        assertThat(user("bob").enabled()).isTrue();
        assertThat(run("", "users", "list").out()).contains("bob").contains("yes");
        assertThat(run("", "users", "remove", "bob").status()).isZero();
        assertThat(run("", "users", "list").out()).doesNotContain("bob");
    }

    @Test
    void blankOrControlCharacterUsernamesAreRefusedBeforeAnythingIsStored() {
        Run blank = run("pw\n", "users", "add", " ");
        Run control = run("pw\n", "users", "add", "bob\u0007");

        assertThat(blank.status()).isEqualTo(1);
        assertThat(blank.err()).contains("must not be blank");
        assertThat(control.status()).isEqualTo(1);
        assertThat(control.err()).contains("control characters");
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            assertThat(new JdbcUserDirectory(database).list()).isEmpty();
        }
    }

    @Test
    void emptyPasswordIsRefused() {
        Run refused = run("\n", "users", "add", "bob");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("no password given");
    }

    @Test
    void passwordOnTheCommandLineIsNotAnOption() {
        Run refused = run("", "users", "add", "bob", "--password", "visible-to-ps");

        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("Unknown option");
    }

    @Test
    void rotateMakesANewSigningKeyAndRetireRefusesTheOldOne() {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            new JdbcSigningKeyStore(database, clock).activateIfNone(TestServers.keyOf('o'));
        }

        Run rotated = run("", "keys", "rotate");
        Run listed = run("", "keys", "list");
        Run activeRetire = run("", "keys", "retire", rotated.out().replaceAll("(?s).*key (\\w+).*", "$1"));
        Run retired = run("", "keys", "retire", TestServers.keyOf('o').keyId());

        assertThat(rotated.status()).as(rotated.err()).isZero();
        assertThat(listed.out()).contains(TestServers.keyOf('o').keyId() + " ").contains("signing").contains("verifying");
        assertThat(activeRetire.status()).isEqualTo(1);
        assertThat(activeRetire.err()).contains("rotate before retiring");
        assertThat(retired.status()).isZero();
        assertThat(run("", "keys", "list").out()).contains("retired");
        assertThat(run("", "keys", "retire", "nope").err()).contains("no key with kid nope");
    }

    @Test
    void retiredKeysTokensAreRefusedByARunningServerOnTheVeryNextRequestAndARotationSignsTheNextLogin()
            throws Exception {
        HttpLogin logins = new HttpLogin(http, OPERATOR, OPERATOR_PASSWORD);
        try (RunningServer server = startServer()) {
            String before = logins.token(server.baseUri());
            String oldKeyId = SignedJWT.parse(before).getHeader().getKeyID();

            Run rotated = run("", "keys", "rotate");
            String after = logins.token(server.baseUri());
            Run retired = run("", "keys", "retire", oldKeyId);

            assertThat(rotated.status()).as(rotated.err()).isZero();
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).as("the login right after the rotation")
                    .isEqualTo(rotated.out().replaceAll("(?s).*key (\\w+).*", "$1"));
            assertThat(retired.status()).as(retired.err()).isZero();
            assertThat(retired.out().lines()).singleElement().asString().contains("retired key " + oldKeyId);
            assertThat(logout(server, before)).as("the very next request with a token of the retired key")
                    .isEqualTo(401);
            assertThat(logout(server, after)).as("a token of the signing key").isEqualTo(200);
        }
    }

    private int logout(RunningServer server, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void anApiTokenListedByTheAdminCommandsAndRevokedThereIsRefusedByARunningServerOnTheNextRequest()
            throws Exception {
        HttpLogin logins = new HttpLogin(http, OPERATOR, OPERATOR_PASSWORD);
        try (RunningServer server = startServer()) {
            String login = logins.token(server.baseUri());
            String apiToken = logins.apiToken(server.baseUri(), login,
                    "{\"permissions\":[\"device:r\",\"auth:r\"],\"description\":\"inventory job\"}");
            String id = SignedJWT.parse(apiToken).getJWTClaimsSet().getJWTID();

            Run listed = run("", "tokens", "list", "--user", "OPS@example.com");
            assertThat(listed.status()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(id).contains("ops@example.com").contains("auth:r,device:r")
                    .contains("inventory job").contains("never").doesNotContain(apiToken);
            assertThat(run("", "tokens", "list", "--user", "nobody").err()).contains("no user named 'nobody'");

            Run revoked = run("", "tokens", "revoke", id);
            assertThat(revoked.status()).as(revoked.err()).isZero();
            assertThat(logins.introspectionStatus(server.baseUri(), apiToken))
                    .as("the very next request with the revoked API token").isEqualTo(401);
            assertThat(logins.introspectionStatus(server.baseUri(), login)).as("the login token that created it")
                    .isEqualTo(200);
            assertThat(run("", "tokens", "revoke", id).err()).contains("no API token with id " + id);
            assertThat(run("", "tokens", "revoke", "../../etc").err()).contains("is not a token id");
            assertThat(run("", "tokens", "list").out()).doesNotContain(id);
        }
    }

    @Test
    void rolesAndPermissionsListTheCatalogueTheServerEnforces() {
        Run roles = run("", "roles", "list");
        Run permissions = run("", "permissions", "list");

        assertThat(roles.status()).isZero();
        assertThat(roles.out()).contains("ADMINISTRATOR").contains("OPERATOR").contains("MONITOR").contains("HELP_DESK")
                .contains("OBSERVER").contains("APPLICATION_OPERATOR").contains("Help Desk").contains("token:new")
                .contains("642/642");
        assertThat(permissions.status()).isZero();
        assertThat(permissions.out()).contains("device:r").contains("Device").contains("perm:check");
    }

    @Test
    void anOperatorsPermissionsFileReplacesTheRolesAndAnUnknownRoleIsRefusedForANewUser() throws Exception {
        Path file = dataDir.resolve("permissions.yaml");
        Files.writeString(file, """
                roles:
                  - {name: Auditor, description: Reads the ledger}
                permissions:
                  - {name: "ledger:read", description: Read the ledger, category: Ledger}
                endpoints:
                  - {method: GET, uri: /ledger, permissions: ["ledger:read"], roles: [Auditor]}
                """);

        Run roles = run("", "roles", "list", "--permissions-file", file.toString());
        Run wizard = run("pw\n", "users", "add", "merlin", "--role", "Wizard", "--permissions-file", file.toString());
        Run auditor = run("pw\n", "users", "add", "ada", "--role", "Auditor", "--permissions-file", file.toString());

        assertThat(roles.out()).contains("Auditor").contains("ledger:read").doesNotContain("ADMINISTRATOR");
        assertThat(wizard.status()).isEqualTo(1);
        assertThat(wizard.err()).contains("no role Wizard").contains("Auditor");
        assertThat(run("", "users", "list").out()).doesNotContain("merlin");
        assertThat(auditor.status()).as(auditor.err()).isZero();
        assertThat(run("", "users", "add", "x", "--role", "Wizard").err()).as("the default catalogue")
                .contains("no role Wizard").contains("ADMINISTRATOR");
    }

    @Test
    void listsPrintOneJsonArrayForScriptsWithTypedFields() throws Exception {
        run("a secret from stdin\n", "users", "add", "bob@example.com", "--role", "MONITOR");
        run("", "users", "disable", "bob@example.com");
        run("", "keys", "rotate");

        Run users = run("", "users", "list", "--format", "json");
        Run keys = run("", "keys", "list", "--format", "json");
        Run tokens = run("", "tokens", "list", "--format", "json");

        JsonNode listedUsers = JSON.readTree(users.out());
        assertThat(listedUsers.isArray()).as(users.out()).isTrue();
        assertThat(listedUsers).singleElement().satisfies(user -> {
            assertThat(user.get("user_id").isIntegralNumber()).isTrue();
            assertThat(user.get("username").asText()).isEqualTo("bob@example.com");
            assertThat(user.get("role").asText()).isEqualTo("MONITOR");
            assertThat(user.get("enabled").isBoolean()).isTrue();
            assertThat(user.get("enabled").asBoolean()).isFalse();
        });
        assertThat(JSON.readTree(keys.out())).singleElement().satisfies(key -> {
            assertThat(key.get("kid").asText()).isNotBlank();
            assertThat(Instant.parse(key.get("created_at").asText())).isNotNull();
            assertThat(key.get("state").asText()).isEqualTo("signing");
        });
        assertThat(JSON.readTree(tokens.out()).isArray()).isTrue();
        assertThat(JSON.readTree(tokens.out())).isEmpty();
        assertThat(run("", "users", "list", "--format", "yaml").err()).contains("--format").contains("json");
    }

    @Test
    void versionPrintsTheServersAndTheContractsVersions() {
        for (String flag : new String[] {"--version", "-V"}) {
            Run version = run("", flag);

            assertThat(version.status()).isZero();
            assertThat(version.out().strip()).matches("xiq-auth-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? "
                    + "\\(XIQ Authentication API contract \\d+\\.\\d+\\.\\d+\\)");
        }
    }

    @Test
    void theHelpOfUsersAddListsTheRolesAndTheDefault() {
        Run help = run("", "users", "add", "--help");

        assertThat(help.out().replaceAll("\\s+", " ")).contains("The user's role: ADMINISTRATOR, OPERATOR, MONITOR, "
                + "HELP_DESK, GUEST_MANAGEMENT, OBSERVER, INSTALLER, APPLICATION_OPERATOR with the built-in catalogue")
                .contains("default OPERATOR");
    }

    @Test
    void anUnreadableConfigFileSaysWhy() {
        Path missing = dataDir.resolve("no-such.properties");

        assertThatThrownBy(() -> ConfigSources.load(List.of("--config", missing.toString()), Map.of()))
                .hasMessage("cannot read the config file " + missing + ": no such file");
        assertThatThrownBy(() -> ConfigSources.load(List.of("--config", dataDir.toString()), Map.of()))
                .as("a directory").hasMessageStartingWith("cannot read the config file " + dataDir + ": ")
                .hasMessageNotContaining(": " + dataDir);
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsage() {
        String[][] commands = {{}, {"users"}, {"users", "add"}, {"users", "add", "someone"}, {"users", "list"},
            {"users", "passwd"}, {"keys"}, {"keys", "retire"}, {"keys", "list"}, {"tokens", "revoke"}, {"roles", "list"},
            {"permissions", "list"}};
        for (String[] command : commands) {
            for (String help : new String[] {"--help", "-h"}) {
                String[] args = Arrays.copyOf(command, command.length + 1);
                args[command.length] = help;

                Run answered = run("", args);

                assertThat(answered.status()).as(String.join(" ", args) + ": " + answered.err()).isZero();
                assertThat(answered.out()).as(String.join(" ", args)).startsWith("Usage: xiq-auth-server")
                        .contains(command.length == 0 ? "xiq-auth-server" : String.join(" ",
                                Arrays.stream(command).filter(word -> !word.equals("someone")).toList()));
                assertThat(answered.err()).isEmpty();
            }
        }
    }

    @Test
    void unreachableStoreIsOneClearLineAndANonZeroStatus() {
        CommandLine commandLine = XiqAuthServer.commandLine(new Secrets(Map.of()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), clock);
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));

        int status = commandLine.execute("users", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/none");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("xiq-auth-server: the store cannot be reached").doesNotContain("\tat ");
    }
}
