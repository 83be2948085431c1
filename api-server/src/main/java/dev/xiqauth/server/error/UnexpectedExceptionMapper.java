package dev.xiqauth.server.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The last resort: anything no other mapper claims is a bug or an outage nobody planned for. It is
 * logged with its stack trace under a fresh {@code error_id}; the caller gets a 500 that names only
 * that id.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private final ErrorResponses responses;

    public UnexpectedExceptionMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(Throwable failure) {
        return responses.unexpected(failure);
    }
}
