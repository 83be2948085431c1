package dev.xiqauth.server.audit;

/**
 * What the authentication services count for operators: the outcomes of logins, logouts and token
 * checks, and the requests refused to protect the service. Reasons and results are short fixed
 * words, never anything a client chose, so that the number of series stays bounded.
 */
public interface AuthMetrics {
    /** Counts nothing: for tools and tests that have no metrics endpoint. */
    AuthMetrics NONE = new AuthMetrics() {
        @Override
        public void loginSucceeded() {
        }

        @Override
        public void loginFailed(String reason) {
        }

        @Override
        public void loggedOut() {
        }

        @Override
        public void tokenChecked(String result) {
        }

        @Override
        public void throttled(String operation, String cause) {
        }

        @Override
        public void accessDenied(String operation) {
        }

        @Override
        public void apiTokenGenerated() {
        }
    };

    /** A login issued a token. */
    void loginSucceeded();

    /**
     * @param reason {@code invalid_credentials} (whatever the cause: an unknown user, a wrong password
     *     and a disabled user look alike here too) or {@code throttled}
     */
    void loginFailed(String reason);

    /** A logout revoked a token. */
    void loggedOut();

    /**
     * @param result {@code valid}, {@code missing}, {@code invalid}, {@code revoked} or
     *     {@code user_refused} (its user was removed, disabled or changed password since)
     */
    void tokenChecked(String result);

    /**
     * A request refused to protect the service.
     *
     * @param operation the operation refused
     * @param cause {@code login_failures}, {@code token_quota}, {@code hashing_busy}, {@code validations} or
     *     {@code api_tokens_per_user}
     */
    void throttled(String operation, String cause);

    /**
     * A valid token was refused an operation: it lacks a permission the operation requires.
     *
     * @param operation the operation refused
     */
    void accessDenied(String operation);

    /** {@code generateApiToken} issued an API token. */
    void apiTokenGenerated();
}
