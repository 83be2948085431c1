package dev.xiqauth.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default catalogue is XIQ's document, row by row: every call the document lists is an endpoint of the
 * catalogue with the permissions and roles the document gives it (by the catalogue's stated rules where the
 * document reads "NOT SET!"), and nothing else is.
 */
final class XiqCatalogueDocumentTest {
    private static final PermissionCatalogue DEFAULTS = PermissionCatalogue.defaults();
    /** This server's own extension, the catalogue's last category: not XIQ's, so not in its document. */
    private static final String EXTENSION = "Token Introspection (this server's own, not XIQ's)";

    @Test
    void everyEndpointIsTheDocumentsRowWithItsPermissionsAndRoles() {
        Map<String, XiqDocumentRows.Endpoint> document = XiqDocumentRows.endpoints(DEFAULTS.categories());

        assertThat(XiqDocumentRows.rows()).hasSize(643);
        assertThat(document).hasSize(639);
        List<CatalogueEndpoint> xiqs = DEFAULTS.endpoints().stream()
                .filter(endpoint -> !endpoint.category().equals(EXTENSION)).toList();
        assertThat(xiqs).hasSize(document.size());
        for (CatalogueEndpoint endpoint : xiqs) {
            XiqDocumentRows.Endpoint row = document.get(endpoint.method() + " " + endpoint.uri().shape());
            assertThat(row).as(endpoint.call() + " is in the document").isNotNull();
            assertThat(endpoint.uri()).hasToString(row.path());
            assertThat(endpoint.category()).as(endpoint.call()).isEqualTo(row.category());
            assertThat(new TreeSet<>(endpoint.permissions())).as(endpoint.call() + "'s permissions")
                    .isEqualTo(new TreeSet<>(row.permissions()));
            assertThat(new TreeSet<>(endpoint.roles())).as(endpoint.call() + "'s roles")
                    .isEqualTo(new TreeSet<>(row.roles()));
        }
        System.out.printf("XIQ's document: %d rows, %d endpoints; the catalogue: %d categories, %d permissions,"
                + " %d endpoints, %d roles%n", XiqDocumentRows.rows().size(), document.size(),
                DEFAULTS.categories().size(), DEFAULTS.permissions().size(), DEFAULTS.endpoints().size(),
                DEFAULTS.roles().size());
    }

    @Test
    void everyPermissionTheDocumentNamesIsDefinedAndEveryCategoryIsTheDocuments() {
        Set<String> named = new LinkedHashSet<>();
        XiqDocumentRows.endpoints(DEFAULTS.categories()).values().forEach(row -> named.addAll(row.permissions()));
        DEFAULTS.categories().forEach((category, permissions) -> {
            if (!category.equals(EXTENSION)) {
                named.addAll(permissions);
            }
        });
        Set<String> categories = new LinkedHashSet<>();
        XiqDocumentRows.rows().forEach(row -> categories.add(row[0]));

        assertThat(DEFAULTS.permissionNames()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(named.stream(), Stream.of("token:introspect")).toList());
        assertThat(DEFAULTS.categories().keySet()).containsAll(categories);
        assertThat(DEFAULTS.categories()).hasSize(46 + 1);
        assertThat(DEFAULTS.permissions()).hasSize(117 + 1).allSatisfy(permission -> {
            assertThat(permission.description()).isNotBlank();
            assertThat(DEFAULTS.categories()).containsKey(permission.category());
        });
        assertThat(DEFAULTS.permission("device:mange")).as("XIQ's spelling, kept").isPresent();
    }

    @Test
    void thisServersOwnExtensionIsItsIntrospectionForServicesAndTheirChangesAndNoXiqCall() {
        assertThat(DEFAULTS.categories().get(EXTENSION)).containsExactly("token:introspect");
        for (String[] call : new String[][] {{"POST", "/oauth2/introspect"}, {"GET", "/oauth2/introspect/changes"},
            {"DELETE", "/oauth2/introspect/changes"}}) {
            CatalogueEndpoint endpoint = DEFAULTS.endpoint(call[0], call[1]).orElseThrow();
            assertThat(endpoint.category()).isEqualTo(EXTENSION);
            assertThat(endpoint.permissions()).containsExactly("token:introspect");
            assertThat(endpoint.roles()).containsExactlyInAnyOrder("ADMINISTRATOR", "OPERATOR");
        }
        assertThat(DEFAULTS.endpoints()).filteredOn(endpoint -> endpoint.category().equals(EXTENSION)).hasSize(3);
    }

    @Test
    void theDocumentsOwnExamplesHold() {
        assertThat(DEFAULTS.endpoint("GET", "/devices").orElseThrow().permissions())
                .containsExactlyInAnyOrder("device:list", "device", "device:r");
        assertThat(DEFAULTS.endpoint("POST", "/logout")).map(CatalogueEndpoint::permissions).contains(Set.of("logout"));
        assertThat(DEFAULTS.endpoint("POST", "/auth/apitoken")).map(CatalogueEndpoint::roles)
                .contains(Set.of("OPERATOR", "ADMINISTRATOR", "MONITOR", "INSTALLER"));
        assertThat(DEFAULTS.endpoint("POST", "/auth/permissions/:check")).map(CatalogueEndpoint::permissions)
                .contains(Set.of("perm:check", "auth"));
    }
}
