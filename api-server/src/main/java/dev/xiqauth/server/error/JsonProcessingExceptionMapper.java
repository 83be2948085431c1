package dev.xiqauth.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/**
 * Answers a request body that Jackson cannot read into the operation's model (not JSON, a missing,
 * null or mistyped field, a duplicate key) with a 400 {@code XiqError}. Jackson's message names
 * parser internals and may quote the input, which can be a password: only its location is logged.
 */
public final class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    private final ErrorResponses responses;

    public JsonProcessingExceptionMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(JsonProcessingException exception) {
        String where = exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPathReference()
                : exception.getLocation() == null ? "unknown location" : "line " + exception.getLocation().getLineNr()
                        + " column " + exception.getLocation().getColumnNr();
        return responses.expected(ErrorCode.MALFORMED_REQUEST, Map.of(),
                "unreadable JSON body (" + exception.getClass().getSimpleName() + " at " + where + ")");
    }
}
