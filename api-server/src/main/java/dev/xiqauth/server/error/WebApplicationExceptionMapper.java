package dev.xiqauth.server.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/**
 * Answers the failures Jersey decides itself (unknown path, wrong method, unsupported media type,
 * unreadable body...) with an {@code XiqError} instead of Jersey's plain-text or HTML page. The
 * exception's own message is logged, never sent: it can hold parser internals.
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private final ErrorResponses responses;

    public WebApplicationExceptionMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return responses.unexpected(exception);
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        Map<String, String> headers = allow == null ? Map.of() : Map.of(HttpHeaders.ALLOW, allow);
        return responses.expected(code, headers, exception.getClass().getSimpleName() + ": " + exception.getMessage());
    }
}
