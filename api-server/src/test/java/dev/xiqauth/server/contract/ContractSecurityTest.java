package dev.xiqauth.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ContractSecurityTest {

    private static ContractSecurity parse(String yaml) throws IOException {
        return ContractSecurity.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void packagedContractGuardsEveryOperationButLoginAndValidationWithTheDeclaredPermissions() {
        ContractSecurity security = ContractSecurity.of(ContractDocument.packaged());

        assertThat(security.bearerOperations()).containsExactlyInAnyOrder(new Operation("POST", "/logout"),
                new Operation("POST", "/auth/apitoken"), new Operation("GET", "/auth/apitoken/info"),
                new Operation("GET", "/auth/permissions"), new Operation("POST", "/auth/permissions/:check"),
                new Operation("POST", "/oauth2/introspect"), new Operation("GET", "/oauth2/introspect/changes"),
                new Operation("DELETE", "/oauth2/introspect/changes"));
        assertThat(security.requiredPermissions(new Operation("POST", "/auth/apitoken")))
                .containsExactlyInAnyOrder("token:new", "auth");
        assertThat(security.requiredPermissions(new Operation("GET", "/auth/permissions")))
                .containsExactlyInAnyOrder("auth", "auth:r");
        assertThat(security.requiredPermissions(new Operation("POST", "/logout"))).containsExactly("logout");
        assertThat(security.requiredPermissions(new Operation("GET", "/auth/apitoken/info")))
                .containsExactlyInAnyOrder("auth", "auth:r");
        assertThat(security.requiredPermissions(new Operation("POST", "/auth/permissions/:check")))
                .containsExactlyInAnyOrder("perm:check", "auth");
        assertThat(security.requiredPermissions(new Operation("POST", "/oauth2/introspect")))
                .containsExactly("token:introspect");
        assertThat(security.requiredPermissions(new Operation("GET", "/oauth2/introspect/changes")))
                .containsExactly("token:introspect");
        assertThat(security.requiredPermissions(new Operation("DELETE", "/oauth2/introspect/changes")))
                .containsExactly("token:introspect");
        assertThat(security.requiresBearer(new Operation("POST", "/auth/apitoken/:validate"))).isFalse();
    }

    @Test
    void everyProtectedOperationButLogoutAndAGuardsQuestionsCountsAgainstTheTokensQuota() {
        ContractSecurity security = ContractSecurity.of(ContractDocument.packaged());

        assertThat(security.bearerOperations()).filteredOn(operation -> !security.countsQuota(operation))
                .containsExactlyInAnyOrder(new Operation("POST", "/logout"),
                        new Operation("GET", "/oauth2/introspect/changes"),
                        new Operation("DELETE", "/oauth2/introspect/changes"));
        assertThat(security.countsQuota(new Operation("POST", "/auth/apitoken/:validate")))
                .as("no token, no quota").isFalse();
    }

    @Test
    void aQuotaDeclarationThatIsNotABooleanOrSitsOnAnOperationWithoutTokenStopsTheServer() {
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /reports:
                    get:
                      security:
                        - Bearer: []
                      x-xiq-permissions: []
                      x-xiq-counts-quota: "no"
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not true or false");
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /status:
                    get:
                      security: []
                      x-xiq-counts-quota: false
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /status");
    }

    @Test
    void aBearerOperationThatForgetsItsPermissionsFailsTheBuildAndTheStart() {
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /reports:
                    get:
                      security:
                        - Bearer: []
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /reports")
                .hasMessageContaining("x-xiq-permissions");
    }

    @Test
    void permissionsOnAnOperationWithoutTokenAreAContradictionThatStopsTheServer() {
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /status:
                    get:
                      security: []
                      x-xiq-permissions: [status:read]
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /status");
    }

    @Test
    void permissionsThatAreNotAListOfNamesStopTheServer() {
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /reports:
                    get:
                      security:
                        - Bearer: []
                      x-xiq-permissions: report:read
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a list");
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /reports:
                    get:
                      security:
                        - Bearer: []
                      x-xiq-permissions: [7]
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a name");
    }

    @Test
    void operationInheritsTheDocumentsSecurityUnlessItDeclaresItsOwn() throws IOException {
        ContractSecurity security = parse("""
                openapi: 3.0.3
                security:
                  - Bearer: []
                paths:
                  /things:
                    get:
                      x-xiq-permissions: []
                    post:
                      security: []
                  /status:
                    get:
                      security:
                        - {}
                        - Bearer: []
                """);

        assertThat(security.bearerOperations()).containsExactly(new Operation("GET", "/things"));
    }

    @Test
    void operationRequiringASchemeTheServerLacksStopsTheServer() {
        assertThatThrownBy(() -> parse("""
                openapi: 3.0.3
                paths:
                  /things:
                    get:
                      security:
                        - ApiKey: []
                """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /things")
                .hasMessageContaining("ApiKey");
    }

    @Test
    void pathLevelKeysThatAreNotMethodsAreIgnored() throws IOException {
        ContractSecurity security = parse("""
                openapi: 3.0.3
                security:
                  - Bearer: []
                paths:
                  /things:
                    summary: things
                    parameters: []
                    delete:
                      x-xiq-permissions: [things:delete]
                """);

        assertThat(security.bearerOperations()).containsExactly(new Operation("DELETE", "/things"));
    }
}
