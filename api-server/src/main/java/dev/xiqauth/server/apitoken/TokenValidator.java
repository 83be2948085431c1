package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.ratelimit.ClientRateLimiter;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.TokenAuthenticator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code validateApiToken}: whether a token sent by anyone, without credentials, is a valid, unrevoked
 * token of this server. The checks are exactly the Bearer filter's ({@link TokenAuthenticator}), and the
 * answer says only yes or no: every refusal is the same {@code 401}, so that it is no oracle of why.
 * Each refusal is audited; an operator may limit validations per client address.
 *
 * <p>A validation does not count against the validated token's quota: it is not a use of the token by
 * its holder, and whoever asks proves nothing about holding it.
 */
public final class TokenValidator {
    private static final String OPERATION = "validateApiToken";

    private final TokenAuthenticator authenticator;
    private final Optional<ClientRateLimiter> perClient;
    private final String realm;
    private final AuditLog audit;
    private final AuthMetrics metrics;

    /**
     * @param perClient what counts the validations of each client address against its limit; empty for no limit
     */
    public TokenValidator(TokenAuthenticator authenticator, Optional<ClientRateLimiter> perClient, String realm,
            AuditLog audit, AuthMetrics metrics) {
        this.authenticator = authenticator;
        this.perClient = perClient;
        this.realm = realm;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * A token never holds whitespace or a quote: a trailing newline is what {@code curl -d @file} and editors
     * add, and the Java client openapi-generator makes from XIQ's spec sends every text body in JSON quotes.
     */
    static String tokenIn(String body) {
        String token = body == null ? "" : body.strip();
        if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
            token = token.substring(1, token.length() - 1).strip();
        }
        return token;
    }

    /**
     * @param body the request body, as text
     * @param clientAddress where the request comes from, for the audit log
     * @param clientKey what limits count the client by
     * @throws InvalidTokenException if it is not a valid token
     * @throws ApiProblem {@code 429} when the client is over its limit
     */
    public void validate(String body, String clientAddress, String clientKey) {
        if (perClient.isPresent() && !perClient.get().tryAcquire(clientKey)) {
            metrics.throttled(OPERATION, "validations");
            ApiProblem refused = new ApiProblem(ErrorCode.RATE_LIMITED, Map.of("Retry-After", "1"),
                    "validations from " + clientAddress + " over the limit");
            audit.validationRefused(clientAddress, "throttled", refused.errorId());
            throw refused;
        }
        String token = tokenIn(body);
        try {
            if (token.isEmpty()) {
                throw new InvalidTokenException(realm, "invalid token: empty validation body");
            }
            authenticator.authenticate(token);
        } catch (InvalidTokenException refused) {
            audit.validationRefused(clientAddress, "invalid", refused.errorId());
            throw refused;
        }
    }
}
