package dev.xiqauth.server.error;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The safety net behind the exception mappers: Jersey answers a few failures itself, without any
 * mapper (an unparseable {@code Content-Type} or {@code Accept} header is a bare 400). Any error
 * response that leaves Jersey without a body gets the {@code XiqError} of its status here.
 */
@Priority(Integer.MAX_VALUE)
public final class BareErrorResponseFilter implements ContainerResponseFilter {
    private final ErrorResponses responses;

    public BareErrorResponseFilter(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.hasEntity()) {
            return;
        }
        Response error = response.getStatus() >= 500
                ? responses.unexpected(new IllegalStateException("Jersey answered " + response.getStatus() + " itself"))
                : responses.expected(ErrorCode.forStatus(response.getStatus()), Map.of(),
                        "Jersey answered " + response.getStatus() + " itself (for example an unreadable header)");
        response.setStatus(error.getStatus());
        response.setEntity(error.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
    }
}
