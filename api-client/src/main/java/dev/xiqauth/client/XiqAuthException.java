package dev.xiqauth.client;

import dev.xiqauth.api.model.XiqError;
import java.util.Optional;

/**
 * A call to the XIQ Authentication API failed. When the server answered, {@link #status()} is its
 * HTTP status and {@link #error()} its {@link XiqError}, whose {@code error_id} the server's
 * operators can look up; when it did not (connection refused, timeout), the status is 0.
 */
public class XiqAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient XiqError error;

    /**
     * @param message what failed
     * @param status the HTTP status, or 0 if no response arrived
     * @param error the server's error body, or null
     * @param cause the underlying failure, or null
     */
    public XiqAuthException(String message, int status, XiqError error, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    static XiqAuthException unanswered(String operation, Exception failure) {
        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
        return new XiqAuthException(operation + " failed: no answer from the server (" + cause + ")", 0, null, failure);
    }

    static XiqAuthException of(String operation, ApiException failure) {
        Optional<XiqError> error = XiqErrors.of(failure);
        if (failure.getCode() == 0) {
            return unanswered(operation, failure);
        }
        return new XiqAuthException(operation + " failed: HTTP " + failure.getCode()
                + error.map(e -> " " + e.getErrorCode() + " (error_id " + e.getErrorId() + ")").orElse(""),
                failure.getCode(), error.orElse(null), failure);
    }

    /** @return the HTTP status of the server's answer, or 0 if there was none */
    public int status() {
        return status;
    }

    /** @return the server's error, if it answered with one */
    public Optional<XiqError> error() {
        return Optional.ofNullable(error);
    }
}
