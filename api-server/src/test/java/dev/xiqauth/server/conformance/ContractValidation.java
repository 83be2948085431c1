package dev.xiqauth.server.conformance;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every response a test receives against {@code openapi/authentication.yaml}, with an
 * independent validator (Atlassian's swagger-request-validator): a contract operation's response
 * must have a documented status, a body of the documented schema and media type, and every header
 * the contract requires; any other error response must still be an {@code XiqError}. The answers of XIQ's
 * own operations must also be what XIQ's Python SDK reads ({@link XiqSdkModels}). A response that
 * violates the contract fails the test that provoked it with an {@link AssertionError} saying why.
 * Each validated (operation, status) is written to the {@link ContractLedger}, from which
 * {@link ContractCoverageCheckTest} proves every documented status is produced by some test.
 *
 * <p>Requests are not validated: tests send broken requests on purpose, and what matters is that
 * the server's answer to them keeps the contract.
 */
public final class ContractValidation {
    private static final ContractValidation SHARED = new ContractValidation(ContractFiles.spec(),
            ContractLedger.configured());

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final ContractLedger ledger;
    private final XiqSdkModels xiqSdk = new XiqSdkModels();

    /**
     * @param spec the contract
     * @param ledger where validated (operation, status) pairs are recorded
     */
    public ContractValidation(Path spec, ContractLedger ledger) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.api = new OpenAPIV3Parser().read(spec.toString(), null, options);
        if (api == null) {
            throw new IllegalStateException("cannot parse " + spec);
        }
        this.validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        // Not finding the operation is no request problem: it would skip the response unchecked.
                        .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                        .build())
                .build();
        this.schemas = new SchemaValidator(api, new MessageResolver());
        this.ledger = ledger;
    }

    /** @return the validation of the repository's contract, recording into the build's ledger */
    public static ContractValidation shared() {
        return SHARED;
    }

    /**
     * One response as received.
     *
     * @param method the request's method
     * @param path the request's path, from the API's root, without the query
     * @param status the response's status
     * @param headers the response's headers
     * @param body the response's body, empty if none
     */
    public record Exchange(String method, String path, int status, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }
    }

    /**
     * @param exchange a response
     * @throws AssertionError if it violates the contract
     */
    public void check(Exchange exchange) {
        Optional<PathItem.HttpMethod> operation = operationOf(exchange);
        if (operation.isPresent()) {
            ValidationReport report = validator.validateResponse(exchange.path(),
                    Request.Method.valueOf(operation.get().name()), response(exchange));
            if (report.hasErrors()) {
                throw new AssertionError("response violates the contract: " + exchange.method() + " " + exchange.path()
                        + " -> " + exchange.status() + " " + new String(exchange.body(), StandardCharsets.UTF_8)
                        + "\n" + SimpleValidationReportFormat.getInstance().apply(report));
            }
            xiqSdk.check(operation.get().name(), exchange.path(), exchange.status(), response(exchange), exchange.body());
            ledger.record(operation.get().name(), exchange.path(), exchange.status());
        } else if (exchange.status() >= 400 && !"HEAD".equalsIgnoreCase(exchange.method())) {
            requireXiqError(exchange);
        }
    }

    /** @return a Jersey client filter that checks every response the client receives */
    public ClientResponseFilter clientFilter() {
        return new ValidatingFilter(this);
    }

    /**
     * Checks a response of Java's HTTP client.
     *
     * @param response a response whose body was read as a string
     * @return the response
     */
    public <T> HttpResponse<T> check(HttpResponse<T> response) {
        Object body = response.body();
        if (body == null && response.statusCode() >= 400) {
            throw new IllegalArgumentException("read the body of an error response, so that it can be checked");
        }
        byte[] bytes = body instanceof byte[] raw ? raw
                : body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        check(new Exchange(response.request().method(), response.uri().getRawPath(), response.statusCode(),
                response.headers().map(), bytes));
        return response;
    }

    private Optional<PathItem.HttpMethod> operationOf(Exchange exchange) {
        PathItem item = api.getPaths().get(exchange.path());
        if (item == null) {
            return Optional.empty();
        }
        if (!exchange.method().equals(exchange.method().toUpperCase(Locale.ROOT))) {
            return Optional.empty(); // methods are case-sensitive (RFC 9110 section 9.1): "post" is not POST
        }
        PathItem.HttpMethod method;
        try {
            method = PathItem.HttpMethod.valueOf(exchange.method());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return item.readOperationsMap().containsKey(method) ? Optional.of(method) : Optional.empty();
    }

    private void requireXiqError(Exchange exchange) {
        String contentType = exchange.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new AssertionError("response violates the contract: an error without a JSON XiqError body: "
                    + exchange.method() + " "
                    + exchange.path() + " -> " + exchange.status() + " " + contentType);
        }
        ValidationReport report = schemas.validate(new String(exchange.body(), StandardCharsets.UTF_8),
                api.getComponents().getSchemas().get("XiqError"), "response.body");
        if (report.hasErrors()) {
            throw new AssertionError("response violates the contract: an error whose body is not a valid XiqError: "
                    + exchange.method() + " "
                    + exchange.path() + " -> " + exchange.status() + "\n"
                    + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.status());
        exchange.headers().forEach((name, values) -> {
            if (name != null) {
                builder.withHeader(name, values);
            }
        });
        if (exchange.body().length > 0) {
            builder.withBody(exchange.body());
        }
        return builder.build();
    }

    private static final class ValidatingFilter implements ClientResponseFilter {
        private final ContractValidation validation;

        ValidatingFilter(ContractValidation validation) {
            this.validation = validation;
        }

        @Override
        public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
            byte[] body = new byte[0];
            if (response.hasEntity()) {
                try (InputStream in = response.getEntityStream()) {
                    body = in.readAllBytes();
                }
                response.setEntityStream(new ByteArrayInputStream(body));
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            validation.check(new Exchange(request.getMethod(), request.getUri().getRawPath(), response.getStatus(),
                    headers, body));
        }
    }
}
