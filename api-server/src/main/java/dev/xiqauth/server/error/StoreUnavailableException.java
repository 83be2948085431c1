package dev.xiqauth.server.error;

import java.util.Map;

/**
 * A store the server depends on cannot be reached. The server fails closed: the request is answered
 * 503 with {@code Retry-After}, never served unchecked; it recovers by itself when the store returns.
 */
public final class StoreUnavailableException extends ApiProblem {
    private static final long serialVersionUID = 1L;
    private static final String RETRY_AFTER_SECONDS = "5";

    public StoreUnavailableException(String logDetail) {
        super(ErrorCode.SERVICE_UNAVAILABLE, Map.of("Retry-After", RETRY_AFTER_SECONDS), logDetail);
    }
}
