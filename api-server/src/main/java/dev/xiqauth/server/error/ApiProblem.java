package dev.xiqauth.server.error;

import java.util.Map;
import java.util.Objects;

/**
 * A failure that the API answers with a known {@link ErrorCode}: thrown by services, resources and
 * filters, and turned into an {@code XiqError} response by {@link ApiProblemMapper}.
 *
 * <p>It carries no stack trace: these are expected outcomes, not bugs, and filling one in for every
 * failed login would be wasted work on a path an attacker controls.
 */
public class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, String> headers;
    private final String errorId = ErrorResponses.newErrorId();

    /**
     * @param code the error code, which fixes status and messages
     * @param headers extra response headers (for example {@code WWW-Authenticate}); never request data
     * @param logDetail why, for the server log only; never sent to the client
     */
    public ApiProblem(ErrorCode code, Map<String, String> headers, String logDetail) {
        super(logDetail, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(ErrorCode code, String logDetail) {
        this(code, Map.of(), logDetail);
    }

    /** @return the stable code, which fixes the status and the messages */
    public ErrorCode code() {
        return code;
    }

    /** @return the {@code error_id} its response will carry, known early so the audit log can name it */
    public String errorId() {
        return errorId;
    }

    /** @return the extra headers of its response */
    public Map<String, String> headers() {
        return headers;
    }
}
