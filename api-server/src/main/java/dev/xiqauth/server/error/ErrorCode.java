package dev.xiqauth.server.error;

import jakarta.ws.rs.core.Response.Status;

/**
 * The stable {@code error_code} values of {@code XiqError} bodies, each with its HTTP status and the
 * messages a caller sees. The texts are deliberately generic: they never carry request data or
 * internal detail.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(Status.BAD_REQUEST, "Malformed request",
            "The request is not valid for this operation: check its body, its fields and its headers."),
    UNKNOWN_PERMISSION(Status.BAD_REQUEST, "Unknown permission",
            "A permission named in the request does not exist; GET /auth/permissions lists those you may grant."),
    INVALID_CREDENTIALS(Status.UNAUTHORIZED, "Invalid username or password",
            "The username or the password is not correct."),
    UNAUTHENTICATED(Status.UNAUTHORIZED, "Authentication required",
            "This operation requires an access token in the Authorization header, using the Bearer scheme."),
    INVALID_TOKEN(Status.UNAUTHORIZED, "Invalid access token",
            "The access token is malformed, expired, revoked or not issued by this server."),
    ACCESS_DENIED(Status.FORBIDDEN, "Access denied",
            "The access token does not carry a permission this operation requires."),
    API_TOKEN_LIMIT(Status.FORBIDDEN, "Too many API tokens",
            "The user holds as many live API tokens as this server allows; revoke unused ones (POST /logout with "
                    + "each) before generating more."),
    NOT_FOUND(Status.NOT_FOUND, "Not found", "No operation exists at this path."),
    UNKNOWN_OPERATION(Status.NOT_FOUND, "Unknown operation",
            "No operation known to this server serves this method and URI."),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "Method not allowed",
            "This path does not support the request method; the Allow header lists those it does."),
    NOT_ACCEPTABLE(Status.NOT_ACCEPTABLE, "Not acceptable",
            "The operation answers with application/json, which the Accept header of the request excludes."),
    REQUEST_TIMEOUT(Status.REQUEST_TIMEOUT, "Request timeout",
            "The request body did not arrive in time; send the whole request without pausing."),
    PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE, "Payload too large", "The request body is larger than allowed."),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "Send the request body in the media type the operation takes: application/json, or text/plain for"
                    + " token validation."),
    RATE_LIMITED(Status.TOO_MANY_REQUESTS, "Too many requests", "Too many requests; retry after the time given."),
    INTERNAL_ERROR(Status.INTERNAL_SERVER_ERROR, "Internal server error",
            "The server failed unexpectedly. Quote the error_id when you report it."),
    NOT_IMPLEMENTED(Status.NOT_IMPLEMENTED, "Not implemented",
            "The request uses a transfer coding this server does not implement; send the body as is or chunked."),
    HTTP_VERSION_NOT_SUPPORTED(Status.HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported",
            "This server speaks HTTP/1.1 (and HTTP/1.0) only."),
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE, "Service unavailable",
            "The service is temporarily unavailable. Try again later.");

    private final Status status;
    private final String message;
    private final String description;

    ErrorCode(Status status, String message, String description) {
        this.status = status;
        this.message = message;
        this.description = description;
    }

    public Status status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String description() {
        return description;
    }

    /**
     * The code for a status that Jersey itself decided (unknown path, wrong method, unreadable body...).
     *
     * @param status an HTTP error status
     * @return the matching code; any other 4xx is a malformed request, any other 5xx an internal error
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> ACCESS_DENIED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 408 -> REQUEST_TIMEOUT;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> SERVICE_UNAVAILABLE;
            case 505 -> HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }
}
