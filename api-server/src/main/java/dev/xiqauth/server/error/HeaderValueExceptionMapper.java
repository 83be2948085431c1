package dev.xiqauth.server.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.glassfish.jersey.message.internal.HeaderValueException;

/**
 * A request header Jersey cannot read (a Content-Length it cannot parse, two where one is allowed) is
 * the client's fault: 400. Jersey would say so itself, but only after the mappers, where the
 * catch-all {@link UnexpectedExceptionMapper} would answer 500. The HTTP codec refuses such heads
 * before they reach Jersey; this mapper holds if one ever gets through.
 */
public final class HeaderValueExceptionMapper implements ExceptionMapper<HeaderValueException> {
    private final ErrorResponses responses;

    public HeaderValueExceptionMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(HeaderValueException exception) {
        if (exception.getContext() != HeaderValueException.Context.INBOUND) {
            return responses.unexpected(exception);
        }
        return responses.expected(ErrorCode.MALFORMED_REQUEST, Map.of(), "unreadable request header");
    }
}
