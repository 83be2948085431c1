package dev.xiqauth.server.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Answers an {@link ApiProblem} with its code, its status and its headers. */
public final class ApiProblemMapper implements ExceptionMapper<ApiProblem> {
    private final ErrorResponses responses;

    public ApiProblemMapper(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(ApiProblem problem) {
        return responses.expected(problem);
    }
}
