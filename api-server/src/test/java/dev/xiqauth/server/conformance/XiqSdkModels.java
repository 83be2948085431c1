package dev.xiqauth.server.conformance;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * XIQ's models as its own Python SDK declares them ({@value #RESOURCE}, transcribed with its provenance): the
 * answers of XIQ's operations must be readable by XIQ's SDK, besides keeping this server's contract. A success of
 * an operation the SDK models must be its model; an error of any of them an {@code XiqError} as the SDK reads it.
 */
final class XiqSdkModels {
    static final String RESOURCE = "/dev/xiqauth/server/conformance/xiq-sdk-models.yaml";

    /** XIQ's operations the SDK models (its AuthenticationApi and AuthorizationApi), errors included. */
    private static final Set<String> XIQ_OPERATIONS = Set.of("POST /login", "POST /logout",
            "POST /auth/apitoken", "GET /auth/apitoken/info", "POST /auth/apitoken/:validate", "GET /auth/permissions",
            "POST /auth/permissions/:check");

    private final OpenAPI models;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;

    XiqSdkModels() {
        URL resource = XiqSdkModels.class.getResource(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(RESOURCE + " is not on the test class path");
        }
        String location;
        try {
            location = resource.toURI().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.models = new OpenAPIV3Parser().read(location, null, options);
        this.validator = OpenApiInteractionValidator.createForSpecificationUrl(location).build();
        this.schemas = new SchemaValidator(models, new MessageResolver());
    }

    /**
     * @param method the request's method, upper case
     * @param path the request's path
     * @param status the answer's status
     * @param response the answer
     * @param body its body
     * @throws AssertionError if XIQ's SDK could not read it
     */
    void check(String method, String path, int status, SimpleResponse response, byte[] body) {
        if (!XIQ_OPERATIONS.contains(method + " " + path)) {
            return;
        }
        ValidationReport report;
        if (status >= 400) {
            report = schemas.validate(new String(body, StandardCharsets.UTF_8),
                    models.getComponents().getSchemas().get("XiqError"), "response.body");
        } else if (status == 200 && modelled(method, path)) {
            report = validator.validateResponse(path, Request.Method.valueOf(method), response);
        } else {
            return;
        }
        if (report.hasErrors()) {
            throw new AssertionError("XIQ's Python SDK could not read the answer: " + method + " " + path + " -> "
                    + status + " " + new String(body, StandardCharsets.UTF_8) + "\n"
                    + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    private boolean modelled(String method, String path) {
        PathItem item = models.getPaths().get(path);
        return item != null && item.readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(method));
    }
}
