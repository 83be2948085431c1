package dev.xiqauth.server.bearer;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;

/**
 * The failures of Bearer authentication other than a bad token, each with the challenge RFC 6750
 * section 3 prescribes.
 */
final class BearerChallenges {
    private BearerChallenges() {
    }

    /** No credentials at all: 401 with a challenge that names the realm and no error (RFC 6750 §3.1). */
    static ApiProblem missing(String realm, String logDetail) {
        return new ApiProblem(ErrorCode.UNAUTHENTICATED,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\""), logDetail);
    }

    /** Credentials in a form that cannot be read, such as two Authorization headers: 400 invalid_request. */
    static ApiProblem invalidRequest(String realm, String logDetail) {
        return new ApiProblem(ErrorCode.MALFORMED_REQUEST,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\", error=\"invalid_request\""),
                logDetail);
    }
}
