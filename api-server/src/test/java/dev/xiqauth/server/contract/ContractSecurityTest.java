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
    void packagedContractGuardsLogoutAndNotLogin() {
        ContractSecurity security = ContractSecurity.of(ContractDocument.packaged());

        assertThat(security.bearerOperations()).containsExactly(new Operation("POST", "/logout"));
    }

    @Test
    void operationInheritsTheDocumentsSecurityUnlessItDeclaresItsOwn() throws IOException {
        ContractSecurity security = parse("""
                openapi: 3.0.3
                security:
                  - Bearer: []
                paths:
                  /things:
                    get: {}
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
                    delete: {}
                """);

        assertThat(security.bearerOperations()).containsExactly(new Operation("DELETE", "/things"));
    }
}
