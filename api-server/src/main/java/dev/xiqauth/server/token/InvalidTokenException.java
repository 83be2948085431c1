package dev.xiqauth.server.token;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;

/**
 * A presented token cannot be accepted: RFC 6750 section 3.1 {@code invalid_token}, answered 401 with
 * a challenge that names the error.
 */
public final class InvalidTokenException extends ApiProblem {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String realm, String logDetail) {
        super(ErrorCode.INVALID_TOKEN, Map.of(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"" + realm + "\", error=\"invalid_token\""), logDetail);
    }
}
