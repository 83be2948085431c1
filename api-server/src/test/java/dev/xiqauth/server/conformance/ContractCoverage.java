package dev.xiqauth.server.conformance;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Which documented (operation, status) pairs no validated response has shown. */
final class ContractCoverage {
    private ContractCoverage() {
    }

    /** @return every (operation, status) pair the contract documents, as ledger lines */
    static Set<String> documented(Path spec) {
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString());
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operation.getResponses().keySet().forEach(status ->
                        documented.add(ContractLedger.line(method.name(), path, statusOf(status, path, method.name()))))));
        return documented;
    }

    /** @return the documented pairs missing from the observed ones */
    static Set<String> missing(Set<String> documented, Set<String> observed) {
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(observed);
        return missing;
    }

    private static int statusOf(String status, String path, String method) {
        if (!status.matches("[1-5][0-9][0-9]")) {
            // "default" or "4XX" cannot be covered by a finite set of tests: the contract names statuses.
            throw new IllegalStateException(method + " " + path + " documents the response '" + status
                    + "'; document each status the server returns instead");
        }
        return Integer.parseInt(status);
    }
}
