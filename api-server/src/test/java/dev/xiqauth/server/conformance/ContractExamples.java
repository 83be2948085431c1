package dev.xiqauth.server.conformance;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the examples of a contract that do not match their schema: the examples of request and
 * response bodies (inline or from {@code components/examples}), of headers, and of schema
 * properties. An example is documentation a client copies; a wrong one misleads it.
 */
final class ContractExamples {
    private final OpenAPI api;
    private final SchemaValidator validator;
    private final List<String> problems = new ArrayList<>();

    private ContractExamples(OpenAPI api) {
        this.api = api;
        this.validator = new SchemaValidator(api, new MessageResolver());
    }

    /** @return one line per example that does not match its schema, naming where it is */
    static List<String> invalidExamples(Path spec) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString(), null, options);
        ContractExamples examples = new ContractExamples(api);
        examples.checkAll();
        return List.copyOf(examples.problems);
    }

    private int checked;

    private void checkAll() {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path;
            if (operation.getRequestBody() != null) {
                checkContent(where + " request", operation.getRequestBody().getContent());
            }
            operation.getResponses().forEach((status, response) -> {
                checkContent(where + " " + status, response.getContent());
                if (response.getHeaders() != null) {
                    response.getHeaders().forEach((name, header) -> checkHeader(where + " " + status + " " + name, header));
                }
            });
        }));
        if (api.getComponents().getHeaders() != null) {
            api.getComponents().getHeaders().forEach((name, header) -> checkHeader("header " + name, header));
        }
        api.getComponents().getSchemas().forEach((name, schema) -> checkSchema("schema " + name, schema));
        if (checked == 0) {
            problems.add("the contract has no examples at all");
        }
    }

    private void checkContent(String where, Content content) {
        if (content == null) {
            return;
        }
        content.forEach((mediaType, media) -> {
            if (media.getExample() != null) {
                check(where + " " + mediaType + " example", media.getExample(), media.getSchema());
            }
            if (media.getExamples() != null) {
                for (Map.Entry<String, Example> example : media.getExamples().entrySet()) {
                    check(where + " " + mediaType + " example '" + example.getKey() + "'", example.getValue().getValue(),
                            media.getSchema());
                }
            }
        });
    }

    private void checkHeader(String where, Header header) {
        if (header.getExample() != null) {
            check(where + " example", header.getExample(), header.getSchema());
        }
    }

    @SuppressWarnings("rawtypes")
    private void checkSchema(String where, Schema schema) {
        if (schema.getExample() != null) {
            check(where + " example", schema.getExample(), schema);
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).forEach((name, property) ->
                    checkSchema(where + "." + name, property));
        }
    }

    @SuppressWarnings("rawtypes")
    private void check(String where, Object example, Schema schema) {
        checked++;
        String json;
        try {
            json = Json.mapper().writeValueAsString(example);
        } catch (JsonProcessingException e) {
            problems.add(where + ": not JSON: " + e.getMessage());
            return;
        }
        ValidationReport report = validator.validate(json, schema, "example");
        report.getMessages().forEach(message -> problems.add(where + ": " + message.getMessage()));
    }
}
