package dev.xiqauth.guard;


/** What the auth server said of a token, or why it could not say. None of them holds the token. */
sealed interface Introspection {
    /** The token is valid: {@code 200} with its details. */
    record Valid(XiqPrincipal principal) implements Introspection {
    }

    /** The token is not accepted: the server says it is not active. */
    record Refused(String reason) implements Introspection {
    }

    /**
     * The token could not be checked: the server could not be reached, took too long, failed, refused the
     * service's own credential or found it over its quota, or gave an answer the guard does not understand.
     */
    record Unavailable(String retryAfter, String reason) implements Introspection {
    }
}
