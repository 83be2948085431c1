package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.TokenAuthenticator;
import java.util.Optional;

/**
 * {@code introspectToken} (RFC 7662): what a token a service was given is worth now, asked by the service with
 * its own credential. The checks are exactly the Bearer filter's ({@link TokenAuthenticator}): a logout anywhere
 * is honoured by the next introspection. A token it refuses is only inactive, never why, and the token's own
 * quota is not counted: the service's credential is.
 */
public final class TokenIntrospector {
    /** The longest token read: longer is no token of this server. */
    static final int MAX_TOKEN_CHARS = 8192;

    private final TokenAuthenticator authenticator;
    private final AuthMetrics metrics;

    public TokenIntrospector(TokenAuthenticator authenticator, AuthMetrics metrics) {
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /**
     * @param token the token a service was given, as it sent it
     * @return the token as this server accepts it now; empty for any token it refuses
     * @throws dev.xiqauth.server.error.StoreUnavailableException if a store cannot be asked: then the answer is
     *     unknown, which is not "inactive"
     */
    public Optional<AuthenticatedToken> introspect(String token) {
        String presented = token == null ? "" : token.strip();
        if (presented.isEmpty() || presented.length() > MAX_TOKEN_CHARS) {
            metrics.tokenChecked("invalid");
            return Optional.empty();
        }
        try {
            return Optional.of(authenticator.authenticate(presented));
        } catch (InvalidTokenException refused) {
            return Optional.empty();
        }
    }
}
