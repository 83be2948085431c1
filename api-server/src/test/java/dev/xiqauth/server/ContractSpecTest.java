package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.conformance.ContractFiles;
import dev.xiqauth.server.contract.ContractDocument;
import dev.xiqauth.server.login.LoginRequestLimits;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract itself, read by an independent parser (swagger-parser), and the server held to the
 * security it declares, operation by operation.
 */
final class ContractSpecTest extends ApplicationTest {
    private static final Path CONTRACT = ContractFiles.spec();

    @Override
    protected Application application(MutableClock testClock) {
        return TestServers.application(testClock).build().resourceConfig();
    }

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readLocation(CONTRACT.toUri().toString(), null, options);
    }

    record ContractOperation(PathItem.HttpMethod method, String path, Operation operation) {
        boolean requiresBearer(OpenAPI api) {
            List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity()
                    : api.getSecurity();
            return security != null && !security.isEmpty()
                    && security.stream().allMatch(requirement -> requirement.containsKey("Bearer"));
        }
    }

    private static List<ContractOperation> operations(OpenAPI api) {
        List<ContractOperation> operations = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) ->
                    operations.add(new ContractOperation(method, path.getKey(), operation)));
        }
        return operations;
    }

    @Test
    void contractParsesWithoutAnyMessage() {
        SwaggerParseResult result = parse();

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    }

    @Test
    void contractDeclaresXiqsOperationsSchemesAndServer() {
        OpenAPI api = parse().getOpenAPI();

        assertThat(operations(api)).extracting(op -> op.method() + " " + op.path() + " " + op.operation().getOperationId())
                .containsExactlyInAnyOrder("POST /login login", "POST /logout logout",
                        "POST /auth/apitoken generateApiToken", "GET /auth/apitoken/info getCurrentApiTokenInfo",
                        "POST /auth/apitoken/:validate validateApiToken", "GET /auth/permissions listPermissions",
                        "POST /auth/permissions/:check checkPermissions", "POST /oauth2/introspect introspectToken",
                        "GET /oauth2/introspect/changes followIntrospectionChanges",
                        "DELETE /oauth2/introspect/changes stopFollowingIntrospectionChanges");
        assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("Bearer");
        assertThat(api.getComponents().getSecuritySchemes().get("Bearer").getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getServers()).extracting(server -> server.getUrl()).containsExactly("http://localhost:8081");
        assertThat(api.getComponents().getSchemas().get("XiqError").getRequired()).containsExactlyInAnyOrder(
                "error_code", "error_id", "error_message", "error_message_description");
    }

    @Test
    void loginLimitsTheServerEnforcesAreTheContractsMaxLengths() {
        var properties = parse().getOpenAPI().getComponents().getSchemas().get("XiqLoginRequest").getProperties();

        assertThat(((Schema<?>) properties.get("username")).getMaxLength())
                .isEqualTo(LoginRequestLimits.CONTRACT.maxUsernameLength());
        assertThat(((Schema<?>) properties.get("password")).getMaxLength())
                .isEqualTo(LoginRequestLimits.CONTRACT.maxPasswordLength());
    }

    @Test
    void serverCarriesTheContractItWasBuiltFrom() throws IOException {
        assertThat(ContractDocument.packaged().bytes()).isEqualTo(Files.readAllBytes(CONTRACT));
    }

    @Test
    void everyOperationTheContractGuardsWithBearerRefusesARequestWithoutToken() {
        OpenAPI api = parse().getOpenAPI();
        List<ContractOperation> guarded = operations(api).stream().filter(op -> op.requiresBearer(api)).toList();
        assertThat(guarded).as("the contract guards some operation").isNotEmpty();

        for (ContractOperation operation : guarded) {
            String path = operation.path().replaceAll("\\{[^}]+}", "x").substring(1);
            // A body in the operation's own media type: what is refused is the missing token, not the body.
            String mediaType = operation.operation().getRequestBody() == null ? MediaType.APPLICATION_JSON
                    : operation.operation().getRequestBody().getContent().keySet().iterator().next();
            try (Response response = target(path).request().method(operation.method().name(),
                    operation.method() == PathItem.HttpMethod.GET || operation.method() == PathItem.HttpMethod.DELETE
                            ? null : Entity.entity(
                            mediaType.equals(MediaType.APPLICATION_FORM_URLENCODED) ? "token=x" : "{}", mediaType))) {
                assertThat(response.getStatus()).as(operation.method() + " " + operation.path()).isEqualTo(401);
                assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"xiq\"");
            }
        }
    }

    @Test
    void everyOperationTheContractLeavesOpenIsServedWithoutToken() {
        OpenAPI api = parse().getOpenAPI();

        List<ContractOperation> open = operations(api).stream().filter(op -> !op.requiresBearer(api)).toList();
        assertThat(open).isNotEmpty();
        open.forEach(operation -> {
            String mediaType = operation.operation().getRequestBody().getContent().keySet().iterator().next();
            try (Response response = target(operation.path().substring(1)).request()
                    .method(operation.method().name(), Entity.entity("{}", mediaType))) {
                // An empty object is not a valid body of any operation here: what matters is that it got past
                // authentication to the operation itself, which refuses the body (validate says it is no token).
                boolean validation = mediaType.equals(MediaType.TEXT_PLAIN);
                assertThat(response.getStatus()).as(operation.method() + " " + operation.path())
                        .isEqualTo(validation ? 401 : 400);
                assertThat(response.readEntity(String.class))
                        .contains(validation ? "\"INVALID_TOKEN\"" : "\"MALFORMED_REQUEST\"");
            }
        });
    }
}
