package dev.xiqauth.server.contract;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Names the operation a request was matched to, for metrics and logs: the Java name of the
 * resource method, which for contract operations is the contract's {@code operationId}. Never the
 * request's own path, which a client chooses and which would make the number of series unbounded.
 */
public final class OperationNames {
    /** The name of requests that matched no resource method (404, 405 and the like). */
    public static final String UNMATCHED = "unmatched";

    private OperationNames() {
    }

    /**
     * @param request a request
     * @return the name of the resource method it was matched to, or {@link #UNMATCHED}
     */
    public static String of(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uriInfo)) {
            return UNMATCHED;
        }
        ResourceMethod method = uriInfo.getMatchedResourceMethod();
        if (method == null || method.getInvocable().getDefinitionMethod() == null) {
            return UNMATCHED;
        }
        return method.getInvocable().getDefinitionMethod().getName();
    }
}
