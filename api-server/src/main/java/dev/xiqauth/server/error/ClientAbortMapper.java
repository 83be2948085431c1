package dev.xiqauth.server.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.EOFException;
import java.util.Map;

/**
 * A client that hangs up while its request is read is no failure of the server: Jetty reports
 * every read of a closed or reset connection as an {@link EOFException}. Nobody reads the answer;
 * it is logged at INFO and counted as the client's 400, never as a 500. (The HTTP layer hands the
 * application whole requests only, so this holds for anything that still reads the network.)
 */
public final class ClientAbortMapper implements ExceptionMapper<EOFException> {
    private final ErrorResponses responses;

    public ClientAbortMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(EOFException exception) {
        return responses.expected(ErrorCode.MALFORMED_REQUEST, Map.of(),
                "the client closed the connection before its request was complete");
    }
}
