package dev.xiqauth.guard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.xiqauth.api.model.XiqError;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.util.Map;
import java.util.UUID;

/**
 * Builds every answer the guard gives instead of the service: an {@code XiqError} JSON body with a fresh random
 * {@code error_id}, which is logged with the reason so that an operator can find what a caller quotes.
 *
 * <p>The body is written here, to bytes, so that the answer is the same whatever JSON provider the guarded
 * service registers, or none; its {@code Content-Type} is exactly {@code application/json}. Reasons are the
 * guard's own texts: they never hold a token, nor a header a caller sent.
 */
final class ErrorResponses {
    private static final Logger LOG = System.getLogger(ErrorResponses.class.getName());
    private static final String JSON = "application/json";

    private final String realm;
    private final ObjectWriter writer = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL)
            .build().writerFor(XiqError.class);

    /** @param realm the realm of the {@code WWW-Authenticate} challenges */
    ErrorResponses(String realm) {
        this.realm = realm;
    }

    /** No Bearer credentials at all: 401 with a challenge naming the realm and no error (RFC 6750 §3.1). */
    Response unauthenticated(String reason) {
        return answer(GuardErrorCode.UNAUTHENTICATED, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge(null)), reason);
    }

    /** A token that is not accepted: 401 {@code error="invalid_token"}. */
    Response invalidToken(String reason) {
        return answer(GuardErrorCode.INVALID_TOKEN, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_token")),
                reason);
    }

    /** Credentials that cannot be read, such as two Authorization headers: 400 {@code error="invalid_request"}. */
    Response invalidRequest(String reason) {
        return answer(GuardErrorCode.MALFORMED_REQUEST,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_request")), reason);
    }

    /** A valid token that does not allow the operation: 403 {@code ACCESS_DENIED}. */
    Response accessDenied(String reason) {
        return answer(GuardErrorCode.ACCESS_DENIED, Map.of(), reason);
    }

    /** The token is over its rate limit at the auth server: 429, with the server's headers. */

    /** The token could not be checked: 503 with {@code Retry-After}. */
    Response unavailable(String retryAfter, String reason) {
        return answer(GuardErrorCode.SERVICE_UNAVAILABLE, Map.of(HttpHeaders.RETRY_AFTER, retryAfter), reason);
    }

    private Response answer(GuardErrorCode code, Map<String, String> headers, String reason) {
        String errorId = UUID.randomUUID().toString().replace("-", "");
        LOG.log(code.logLevel(), "error_id={0} status={1} error_code={2} reason={3}", errorId,
                Integer.toString(code.status()), code.name(), reason);
        Response.ResponseBuilder response = Response.status(code.status())
                .entity(body(new XiqError(code.name(), errorId, code.message(), code.description())))
                .type(JSON);
        headers.forEach(response::header);
        return response.build();
    }

    private byte[] body(XiqError error) {
        try {
            return writer.writeValueAsBytes(error);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException("an XiqError could not be written", impossible);
        }
    }

    private String challenge(String error) {
        return "Bearer realm=\"" + realm + "\"" + (error == null ? "" : ", error=\"" + error + "\"");
    }
}
