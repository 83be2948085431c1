package dev.xiqauth.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.contract.ContractDocument;
import dev.xiqauth.server.contract.ContractSecurity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The permission catalogue: XIQ's model as data, which the operator may replace, validated as a whole. */
final class PermissionCatalogueTest {
    private static final String MINIMAL = """
            roles:
              - {name: ADMIN, display_name: Admin}
              - {name: READER}
            permissions:
              - {name: "shop", description: Every call of the shop, category: Shop}
              - {name: "shop:r", description: The shop's GET calls, category: Shop}
              - {name: "shop:list", description: List the shop's items, category: Shop}
              - {name: "shop:buy", description: Buy, category: Shop}
            endpoints:
              - {method: GET, uri: "/items", permissions: ["shop:list", "shop", "shop:r"], roles: [ADMIN, READER]}
              - {method: GET, uri: "/items/{id}", permissions: ["shop", "shop:r"], roles: [ADMIN, READER]}
              - {method: POST, uri: "/items/{id}/:buy", permissions: ["shop:buy", "shop"], roles: [ADMIN]}
            """;

    @TempDir
    Path dir;

    private static PermissionCatalogue parse(String yaml) {
        return PermissionCatalogue.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theDefaultsAreXiqsEightRolesAndDefineEveryPermissionTheContractDeclares() {
        PermissionCatalogue defaults = PermissionCatalogue.defaults();

        assertThat(defaults.roles()).extracting(Role::name).containsExactly("ADMINISTRATOR", "OPERATOR", "MONITOR",
                "HELP_DESK", "GUEST_MANAGEMENT", "OBSERVER", "INSTALLER", "APPLICATION_OPERATOR");
        assertThat(defaults.permissionNames()).containsAll(
                ContractSecurity.of(ContractDocument.packaged()).declaredPermissions());
        assertThat(defaults.permissionsOf("MONITOR")).contains("token:new", "auth:r", "device:r")
                .doesNotContain("auth", "perm:check", "device");
        assertThat(defaults.permissionsOf("OBSERVER")).contains("auth:r").doesNotContain("token:new");
        assertThat(defaults.permissionsOf("Wizard")).as("an unknown role grants nothing").isEmpty();
    }

    @Test
    void aRoleHoldsAPermissionWhenItMayMakeEveryCallThePermissionAllows() {
        PermissionCatalogue catalogue = parse(MINIMAL);

        assertThat(catalogue.permissionsOf("ADMIN")).containsExactlyInAnyOrder("shop", "shop:r", "shop:list",
                "shop:buy");
        assertThat(catalogue.permissionsOf("READER")).as("it may not buy, so it holds neither shop nor shop:buy")
                .containsExactlyInAnyOrder("shop:r", "shop:list");
    }

    @Test
    void aPermissionCoversAnotherWhenItAllowsEveryCallTheOtherAllows() {
        PermissionCatalogue catalogue = parse(MINIMAL);

        assertThat(catalogue.covers(Set.of("shop"), "shop:list")).isTrue();
        assertThat(catalogue.covers(Set.of("shop:r"), "shop:list")).as("GET /items is a GET call").isTrue();
        assertThat(catalogue.covers(Set.of("shop:r"), "shop:buy")).isFalse();
        assertThat(catalogue.covers(Set.of("shop:list"), "shop:r")).as("shop:r allows GET /items/{id} too").isFalse();
        assertThat(catalogue.covers(Set.of("shop:buy", "shop:r"), "shop")).isTrue();

        PermissionCatalogue defaults = PermissionCatalogue.defaults();
        assertThat(defaults.covers(Set.of("device"), "device:list")).isTrue();
        assertThat(defaults.covers(Set.of("device:list"), "device")).isFalse();
        assertThat(defaults.covers(Set.of("auth"), "token:new")).isTrue();
    }

    @Test
    void aRoleIsFoundByItsNameOrDisplayNameHoweverItIsWritten() {
        PermissionCatalogue defaults = PermissionCatalogue.defaults();

        for (String spelling : new String[] {"HELP_DESK", "Help Desk", "help desk", "HelpDesk", "help-desk"}) {
            assertThat(defaults.role(spelling)).as(spelling).map(Role::name).contains("HELP_DESK");
        }
        assertThat(defaults.role("Application Operator")).map(Role::name).contains("APPLICATION_OPERATOR");
        assertThat(defaults.role("Wizard")).isEmpty();
    }

    @Test
    void endpointsMatchTheirTemplatesVariablesInsideASegmentIncludedAndTheMostLiteralOneWins() {
        PermissionCatalogue defaults = PermissionCatalogue.defaults();

        assertThat(defaults.endpoint("GET", "/devices/42")).map(CatalogueEndpoint::call).contains("GET /devices/{id}");
        assertThat(defaults.endpoint("GET", "/devices/stats")).map(CatalogueEndpoint::call)
                .contains("GET /devices/stats");
        assertThat(defaults.endpoint("GET", "/applications/top10")).map(CatalogueEndpoint::call)
                .contains("GET /applications/top{n}");
        assertThat(defaults.endpoint("GET", "/pcgs/key-based/network-policy-7/users")).isPresent();
        assertThat(defaults.endpoint("GET", "/pcgs/key-based/network-policy-/users")).isEmpty();
        assertThat(defaults.endpoint("GET", "/nowhere")).isEmpty();
    }

    /** This server's operations as the contract declares them; {@code [LOGOUT]} stands for logout's permissions. */
    private static final String OWN_OPERATIONS = """
            roles:
              - {name: ADMINISTRATOR}
            permissions:
              - {name: "logout", description: Log out, category: Own}
              - {name: "auth", description: Everything, category: Own}
              - {name: "auth:r", description: Reads, category: Own}
              - {name: "token:new", description: New tokens, category: Own}
              - {name: "perm:check", description: Checks, category: Own}
              - {name: "token:introspect", description: Introspection, category: Own}
            endpoints:
              - {method: POST, uri: /logout, permissions: [LOGOUT], roles: [ADMINISTRATOR]}
              - {method: POST, uri: /auth/apitoken, permissions: ["token:new", auth], roles: [ADMINISTRATOR]}
              - {method: GET, uri: /auth/apitoken/info, permissions: [auth, "auth:r"], roles: [ADMINISTRATOR]}
              - {method: GET, uri: /auth/permissions, permissions: [auth, "auth:r"], roles: [ADMINISTRATOR]}
              - {method: POST, uri: "/auth/permissions/:check", permissions: ["perm:check", auth],
                 roles: [ADMINISTRATOR]}
              - {method: POST, uri: /oauth2/introspect, permissions: ["token:introspect"], roles: [ADMINISTRATOR]}
              - {method: GET, uri: /oauth2/introspect/changes, permissions: ["token:introspect"],
                 roles: [ADMINISTRATOR]}
              - {method: DELETE, uri: /oauth2/introspect/changes, permissions: ["token:introspect"],
                 roles: [ADMINISTRATOR]}
            """;

    @Test
    void aCatalogueWithoutOneOfThisServersOperationsStopsTheApplicationFromBeingBuilt() {
        PermissionCatalogue lacking = parse(OWN_OPERATIONS.replace(
                "  - {method: POST, uri: /logout, permissions: [LOGOUT], roles: [ADMINISTRATOR]}\n", ""));

        assertThatThrownBy(() -> TestServers.application(new MutableClock(TestServers.START)).permissions(lacking)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not list")
                .hasMessageContaining("POST /logout, one of this server's operations");
    }

    @Test
    void aCatalogueListingOneOfThisServersOperationsWithOtherPermissionsThanItEnforcesStopsTheStart() {
        PermissionCatalogue exact = parse(OWN_OPERATIONS.replace("[LOGOUT]", "[logout]"));
        PermissionCatalogue other = parse(OWN_OPERATIONS.replace("[LOGOUT]", "[auth]"));

        TestServers.application(new MutableClock(TestServers.START)).permissions(exact).build();
        assertThatThrownBy(() -> TestServers.application(new MutableClock(TestServers.START)).permissions(other)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("POST /logout")
                .hasMessageContaining("which this server requires [logout]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an endpoint naming an undefined permission|endpoints:\\n  - {method: GET, uri: /x, permissions: [fly],"
            + " roles: []}|names the permission 'fly'",
        "an endpoint naming an undefined role|endpoints:\\n  - {method: GET, uri: /x, permissions: [], roles: [Boss]}"
            + "|names the role 'Boss'",
        "a call named twice, its variable renamed|endpoints:\\n  - {method: GET, uri: '/items/{other}', permissions: [],"
            + " roles: []}|named twice",
        "a permission named twice|permissions:\\n  - {name: shop, description: again, category: X}|named twice",
        "a key the catalogue does not have|colour: blue|colour",
        "a role spelled like another|roles:\\n  - {name: admin}|is named twice, or spelled like",
        "an endpoint without its roles|endpoints:\\n  - {method: GET, uri: /x, permissions: []}|its roles",
    })
    void anInvalidCatalogueIsRefusedNamingTheFileAndWhy(String what, String addition, String message) {
        String yaml = addition.replace("\\n", "\n");
        String section = yaml.substring(0, yaml.indexOf('\n') + 1);
        String combined = MINIMAL.contains(section) ? MINIMAL.replace(section, yaml + "\n") : MINIMAL + yaml + "\n";
        assertThatThrownBy(() -> parse(combined)).as(what).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.yaml").hasMessageContaining(message);
    }

    @Test
    void anEmptyOrBrokenOrMissingFileIsOneClearMessage() throws Exception {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("test.yaml is empty");
        assertThatThrownBy(() -> parse("permissions: [")).hasMessageContaining("not a valid permission catalogue");
        assertThatThrownBy(() -> parse("permissions: []\nroles: []")).hasMessageContaining("no permissions");
        assertThatThrownBy(() -> PermissionCatalogue.read(dir.resolve("absent.yaml")))
                .hasMessageContaining("absent.yaml does not exist");
        Path file = dir.resolve("catalogue.yaml");
        Files.writeString(file, MINIMAL);
        assertThat(PermissionCatalogue.read(file).roles()).extracting(Role::name).containsExactly("ADMIN", "READER");
    }

    @Test
    void aPermissionsFileLargerThanTheLimitIsRefusedSayingTheLimitWithoutBeingParsed() throws Exception {
        Path large = dir.resolve("large.yaml");
        String padding = "# " + "x".repeat(1_000) + "\n";
        Files.writeString(large, MINIMAL + padding.repeat(PermissionCatalogue.MAX_FILE_BYTES / padding.length() + 1));
        Path atTheLimit = dir.resolve("at-the-limit.yaml");
        Files.writeString(atTheLimit, MINIMAL + "#".repeat(PermissionCatalogue.MAX_FILE_BYTES - MINIMAL.length()));

        assertThat(PermissionCatalogue.MAX_FILE_BYTES).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> PermissionCatalogue.read(large)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(large.toString()).hasMessageContaining("larger than 1 MiB");
        assertThatThrownBy(() -> PermissionCatalogue.parse(Files.newInputStream(large), "streamed.yaml"))
                .as("a stream is read no further than the limit").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamed.yaml").hasMessageContaining("larger than 1 MiB");
        assertThat(PermissionCatalogue.read(atTheLimit).roles()).extracting(Role::name).contains("ADMIN");
    }

    @Test
    void theDefaultCatalogueIsWellBelowTheLimit() throws Exception {
        try (InputStream in = PermissionCatalogue.class.getResourceAsStream(PermissionCatalogue.DEFAULTS)) {
            assertThat(in.readAllBytes().length).isLessThan(PermissionCatalogue.MAX_FILE_BYTES / 4);
        }
    }
}
