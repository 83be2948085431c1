package dev.xiqauth.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.error.ErrorResponses;
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

    /** A request line or header the HTTP layer cannot read (it says 505 for some) is the client's fault. */
    static ErrorCode codeFor(int status) {
        return status == 505 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.forStatus(status);
    }

    /**
     * @param status what Grizzly would have answered
     * @param what the request, for the log
     * @param cause the failure, if there is one
     * @return the JSON body, whose code's status the response must take
     */
    static byte[] body(ErrorCode code, int status, String what, Throwable cause) {
        String errorId = ErrorResponses.newErrorId();
        if (code.status().getStatusCode() >= 500) {
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
