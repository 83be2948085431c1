package dev.xiqauth.server.auth;

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
    };

    void loginSucceeded();

    /**
     * @param reason {@code unknown_user}, {@code wrong_password}, {@code disabled_user},
     *     {@code user_changed} or {@code throttled}
     */
    void loginFailed(String reason);

    void loggedOut();

    /**
     * @param result {@code valid}, {@code missing}, {@code invalid}, {@code revoked},
     *     {@code unknown_user}, {@code disabled_user} or {@code invalidated}
     */
    void tokenChecked(String result);

    /**
     * A request refused to protect the service.
     *
     * @param operation the operation refused
     * @param cause {@code login_failures}, {@code token_quota} or {@code hashing_busy}
     */
    void throttled(String operation, String cause);
}
