package dev.xiqauth.server.ops;

import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.server.contract.OperationNames;
import dev.xiqauth.server.http.RequestAttribute;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Locale;
import java.util.Set;

/** The facts of a finished request that logs and metrics report: bounded values only. */
record ResponseFacts(String method, String operation, int status, long elapsedNanos, String errorId) {
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "TRACE", "CONNECT");

    private static final RequestAttribute<ResponseFacts> FACTS = RequestAttribute.named("xiq.responseFacts",
            ResponseFacts.class);

    /**
     * The request log and the request metrics both ask: the facts are worked out once, so that both
     * report the same duration.
     */
    static ResponseFacts of(ContainerRequestContext request, ContainerResponseContext response) {
        return FACTS.find(request).orElseGet(() -> {
            ResponseFacts facts = measure(request, response);
            FACTS.set(request, facts);
            return facts;
        });
    }

    private static ResponseFacts measure(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        return new ResponseFacts(KNOWN_METHODS.contains(method) ? method : "OTHER", OperationNames.of(request),
                response.getStatus(), RequestTiming.elapsedNanos(request),
                response.getEntity() instanceof XiqError error ? error.getErrorId() : null);
    }
}
