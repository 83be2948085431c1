package dev.xiqauth.guard;

import java.lang.System.Logger.Level;

/**
 * The {@code error_code} values of the guard's answers, with their status, the messages a caller sees, and the
 * level they are logged at. The codes and texts are those of the XIQ Authentication server, so that a caller
 * meets one vocabulary whichever of them refused it; they never carry request data.
 */
enum GuardErrorCode {
    MALFORMED_REQUEST(400, "Malformed request",
            "The request is not valid for this operation: check its body, its fields and its headers.", Level.INFO),
    UNAUTHENTICATED(401, "Authentication required",
            "This operation requires an access token in the Authorization header, using the Bearer scheme.",
            Level.INFO),
    INVALID_TOKEN(401, "Invalid access token",
            "The access token is malformed, expired, revoked or not issued by this server.", Level.INFO),
    ACCESS_DENIED(403, "Access denied", "The access token does not allow this operation.", Level.INFO),
    SERVICE_UNAVAILABLE(503, "Service unavailable", "The service is temporarily unavailable. Try again later.",
            Level.WARNING);

    private final int status;
    private final String message;
    private final String description;
    private final Level logLevel;

    GuardErrorCode(int status, String message, String description, Level logLevel) {
        this.status = status;
        this.message = message;
        this.description = description;
        this.logLevel = logLevel;
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    String description() {
        return description;
    }

    Level logLevel() {
        return logLevel;
    }
}
