package dev.xiqauth.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.error.ErrorResponses;
import java.io.IOException;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code XiqError} of a failure that Grizzly, below Jersey, answers itself: a request it cannot
 * parse, or a failure before the request reaches the application. Logged like every other error,
 * under a fresh {@code error_id}.
 */
final class HttpLayerErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private HttpLayerErrors() {
    }

    /** The code of a status the HTTP layer answers: 408, 413, 501 and 505 keep their status, 417 becomes 400. */
    static ErrorCode codeFor(int status) {
        return ErrorCode.forStatus(status);
    }

    /**
     * Answers 503 with {@code Retry-After: 1} and an {@code XiqError}.
     *
     * @param response the response, not yet committed
     * @param what the request, for the log
     * @throws IOException if the client has gone
     */
    static void writeServiceUnavailable(Response response, String what) throws IOException {
        byte[] body = body(ErrorCode.SERVICE_UNAVAILABLE, 503, what, null);
        response.setStatus(503);
        response.setContentType("application/json");
        response.setHeader("Retry-After", "1");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * @param status what Grizzly would have answered
     * @param what the request, for the log
     * @param cause the failure, if there is one
     * @return the JSON body, whose code's status the response must take
     */
    static byte[] body(ErrorCode code, int status, String what, Throwable cause) {
        String errorId = ErrorResponses.newErrorId();
        // A refusal of the request (even 501, 505) or a 503 is no failure of the server: only a 500 is an ERROR.
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("error_id={} status={} error_code={} the HTTP layer failed to serve {}", errorId, status, code,
                    what, cause);
        } else {
            LOG.info("error_id={} status={} error_code={} reason=request refused by the HTTP layer", errorId, status,
                    code);
        }
        try {
            return JSON.writeValueAsBytes(new XiqError(code.name(), errorId, code.message(), code.description()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an XiqError always serializes", e);
        }
    }
}
