package dev.xiqauth.server.error;

import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.server.logging.LogText;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every error response of the server: an {@code XiqError} JSON body with a fresh
 * {@code error_id}, which is written to the server log with the reason so that an operator can find
 * what a caller quotes.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /**
     * An error response for an expected failure, logged without a stack trace.
     *
     * @param code what went wrong, as the caller may know it
     * @param headers extra headers of the response
     * @param logDetail the reason, for the log only
     * @return the response
     */
    public Response expected(ErrorCode code, Map<String, String> headers, String logDetail) {
        return expected(code, headers, logDetail, newErrorId());
    }

    /**
     * An error response for an expected failure whose {@code error_id} was chosen already.
     *
     * @param problem the failure
     * @return the response
     */
    public Response expected(ApiProblem problem) {
        return expected(problem.code(), problem.headers(), problem.getMessage(), problem.errorId());
    }

    private Response expected(ErrorCode code, Map<String, String> headers, String logDetail, String errorId) {
        LOG.info("error_id={} status={} error_code={} reason={}", errorId, code.status().getStatusCode(), code,
                LogText.escape(logDetail));
        return build(code, errorId, headers);
    }

    /**
     * An error response for a failure nobody planned for: logged with its stack trace, answered with
     * a body that discloses nothing about it.
     *
     * @param failure what was thrown
     * @return the response
     */
    public Response unexpected(Throwable failure) {
        String errorId = newErrorId();
        LOG.error("error_id={} status=500 error_code={} unexpected failure", errorId, ErrorCode.INTERNAL_ERROR,
                failure);
        return build(ErrorCode.INTERNAL_ERROR, errorId, Map.of());
    }

    private static Response build(ErrorCode code, String errorId, Map<String, String> headers) {
        XiqError body = new XiqError(code.name(), errorId, code.message(), code.description());
        Response.ResponseBuilder response = Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        headers.forEach(response::header);
        return response.build();
    }

    /** @return a fresh {@code error_id}: 128 random bits, 32 hex characters, like the identifiers XIQ hands out */
    public static String newErrorId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
