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

/** The permission catalogue: data the operator may replace, validated as a whole before a server starts on it. */
final class PermissionCatalogueTest {
    private static final String MINIMAL = """
            permissions:
              - {name: apitoken:create, description: Generate API tokens, category: Authorization}
              - {name: permission:read, description: Read permissions, category: Authorization}
            roles:
              - {name: Admin, permissions: [apitoken:create, permission:read]}
            """;

    @TempDir
    Path dir;

    private static PermissionCatalogue parse(String yaml) {
        return PermissionCatalogue.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theDefaultsModelXiqsRolesAndDefineEveryPermissionTheContractDeclares() {
        PermissionCatalogue defaults = PermissionCatalogue.defaults();

        assertThat(defaults.roles()).extracting(Role::name).contains("Administrator", "Operator", "Monitor", "HelpDesk",
                "Observer");
        assertThat(defaults.permissionNames()).containsAll(
                ContractSecurity.of(ContractDocument.packaged()).declaredPermissions());
        assertThat(defaults.permissionsOf("Administrator")).containsExactlyInAnyOrderElementsOf(defaults.permissionNames());
        assertThat(defaults.permissionsOf("Monitor")).doesNotContain("apitoken:create").contains("device:read");
        assertThat(defaults.permissionsOf("Wizard")).as("an unknown role grants nothing").isEmpty();
    }

    @Test
    void aCatalogueWithoutAPermissionTheContractDeclaresStopsTheApplicationFromBeingBuilt() {
        PermissionCatalogue lacking = parse("""
                permissions:
                  - {name: permission:read, description: Read permissions, category: Authorization}
                roles:
                  - {name: Admin, permissions: [permission:read]}
                """);

        assertThatThrownBy(() -> TestServers.application(new MutableClock(TestServers.START)).permissions(lacking)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("apitoken:create")
                .hasMessageContaining("permissions file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a role naming an undefined permission|roles:\\n  - {name: Boss, permissions: [fly]}|names the permission 'fly'",
        "a permission named twice|permissions:\\n  - {name: apitoken:create, description: again, category: X}|named twice",
        "a key the catalogue does not have|colour: blue|colour",
        "a role named twice in another case|roles:\\n  - {name: admin, permissions: []}|named twice",
        "a permission name with upper case|permissions:\\n  - {name: Device:Read, description: d, category: c}|Device:Read",
        "an operation of an undefined permission|operations:\\n  - {method: GET, uri: /x, permissions: [x:read]}|x:read",
        "an operation with a bad template|operations:\\n  - {method: GET, uri: 'x/{id', permissions: []}|start with /"})
    void anInvalidCatalogueIsRefusedNamingTheFileAndWhy(String what, String addition, String message) {
        String yaml = addition.replace("\\n", "\n");
        String combined = yaml.startsWith("roles:") ? MINIMAL + yaml.substring("roles:\n".length())
                : yaml.startsWith("permissions:") ? MINIMAL.replace("permissions:\n", yaml + "\n")
                : MINIMAL + yaml + "\n";

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
        assertThat(PermissionCatalogue.read(file).roles()).extracting(Role::name).containsExactly("Admin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "left empty|'  - name: Boss\\n    permissions:'",
        "written null|'  - {name: Boss, permissions: null}'",
        "written ~|'  - {name: Boss, permissions: ~}'",
        "left out|'  - {name: Boss, description: runs the place}'"})
    void aRoleWhosePermissionsAreNotWrittenAsAListIsRefusedNamingTheRole(String what, String role) {
        assertThatThrownBy(() -> parse(MINIMAL + role.replace("\\n", "\n") + "\n")).as(what)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.yaml")
                .hasMessageContaining("role Boss").hasMessageContaining("permissions: []");
    }

    @Test
    void aRoleWrittenToGrantNothingGrantsNothing() {
        PermissionCatalogue catalogue = parse(MINIMAL + "  - {name: Visitor, permissions: []}\n"
                + "  - name: Guest\n    permissions: []\n");

        assertThat(catalogue.permissionsOf("Visitor")).isEmpty();
        assertThat(catalogue.permissionsOf("Guest")).isEmpty();
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
        assertThat(PermissionCatalogue.read(atTheLimit).roles()).extracting(Role::name).containsExactly("Admin");
    }

    @Test
    void theDefaultCatalogueIsFarBelowTheLimit() throws Exception {
        try (InputStream in = PermissionCatalogue.class.getResourceAsStream(PermissionCatalogue.DEFAULTS)) {
            assertThat(in.readAllBytes().length).isLessThan(PermissionCatalogue.MAX_FILE_BYTES / 100);
        }
    }

    @Test
    void operationsOfOtherServicesMatchTheirTemplatesAndTheMostLiteralOneWins() {
        PermissionCatalogue catalogue = parse(MINIMAL + """
                operations:
                  - {method: get, uri: '/devices/{id}', permissions: [permission:read]}
                  - {method: GET, uri: /devices/summary, permissions: [apitoken:create]}
                  - {method: POST, uri: '/devices/{id}/:reboot', permissions: [apitoken:create, permission:read]}
                """);

        assertThat(catalogue.operationPermissions("GET", "/devices/42")).contains(Set.of("permission:read"));
        assertThat(catalogue.operationPermissions("GET", "/devices/summary")).contains(Set.of("apitoken:create"));
        assertThat(catalogue.operationPermissions("GET", "/devices/42/")).as("a trailing slash")
                .contains(Set.of("permission:read"));
        assertThat(catalogue.operationPermissions("POST", "/devices/42/:reboot")).isPresent();
        assertThat(catalogue.operationPermissions("POST", "/devices/42")).isEmpty();
        assertThat(catalogue.operationPermissions("GET", "/devices")).isEmpty();
        assertThat(catalogue.operationPermissions("GET", "/devices//42")).isEmpty();
        assertThat(catalogue.rolesHolding(Set.of("apitoken:create", "permission:read"))).containsExactly("Admin");
        assertThat(catalogue.rolesHolding(Set.of())).containsExactly("Admin");
    }
}
