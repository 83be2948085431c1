package dev.xiqauth.guard;

import java.util.Map;

/** What the auth server said of a token, or why it could not say. None of them holds the token. */
sealed interface Introspection {
    /** The token is valid: {@code 200} with its details. */
    record Valid(XiqPrincipal principal) implements Introspection {
    }

    /** The token is not accepted: {@code 401}. */
    record Refused(String reason) implements Introspection {
    }

    /** The token is over its rate limit: {@code 429}, with the headers to pass on. */
    record Throttled(Map<String, String> headers, String reason) implements Introspection {
        public Throttled {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * The token could not be checked: the server could not be reached, took too long, failed, or gave an answer
     * the guard does not understand.
     */
    record Unavailable(String retryAfter, String reason) implements Introspection {
    }
}
