package dev.xiqauth.server.token;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a presented token authenticates a request: it must be a valid token of ours
 * ({@link AccessTokenService}), not revoked, signed with a key not retired, issued to a user who
 * still exists, is enabled, and has not invalidated it since (by changing the password or being
 * disabled: the token's generation is the user's, and it was not issued before the change), and,
 * for an API token, still recorded in the {@link ApiTokenStore}. Each of these is asked of the ports on
 * every request, never of a cache: a shared store answers them itself, so that what any instance or admin
 * command changed holds at once everywhere; on the embedded store, ports written through an exact view
 * in memory answer them, with no store read.
 */
public final class TokenAuthenticator {
    private final AccessTokenService tokens;
    private final RevocationStore revocations;
    private final ApiTokenStore apiTokens;
    private final UserDirectory users;
    private final RoleScopes roleScopes;
    private final String realm;
    private final AuthMetrics metrics;

    public TokenAuthenticator(AccessTokenService tokens, RevocationStore revocations, ApiTokenStore apiTokens,
            UserDirectory users, RoleScopes roleScopes, String realm, AuthMetrics metrics) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.apiTokens = apiTokens;
        this.users = users;
        this.roleScopes = roleScopes;
        this.realm = realm;
        this.metrics = metrics;
    }

    /**
     * @param token the compact JWT from the {@code Authorization} header
     * @return its facts, its user and its scopes
     * @throws InvalidTokenException if it does not authenticate
     * @throws dev.xiqauth.server.error.StoreUnavailableException if a store cannot be asked: the
     *     request is refused, never let through unchecked
     */
    public AuthenticatedToken authenticate(String token) {
        VerifiedToken verified;
        try {
            verified = tokens.verify(token);
        } catch (InvalidTokenException e) {
            metrics.tokenChecked("invalid");
            throw e;
        }
        if (revocations.isRevoked(verified.jti(), verified.keyId())) {
            throw invalid("revoked", "revoked, or its key retired: jti " + verified.jti() + ", kid " + verified.keyId());
        }
        Optional<Set<String>> granted = Optional.empty();
        if (verified.kind() == TokenKind.API) {
            Optional<ApiTokenRecord> record = apiTokens.find(verified.jti());
            if (record.isEmpty() || record.get().userId() != verified.userId()) {
                throw invalid("revoked", "API token revoked or never recorded: jti " + verified.jti());
            }
            granted = Optional.of(record.get().permissions());
        }
        Optional<User> user = users.findById(verified.userId());
        if (user.isEmpty()) {
            throw invalid("user_refused", "user_id " + verified.userId() + " no longer exists");
        }
        if (!user.get().enabled()) {
            throw invalid("user_refused", "user_id " + verified.userId() + " is disabled");
        }
        if (verified.issuedAt().isBefore(user.get().tokensValidAfter())) {
            throw invalid("user_refused", "issued before user_id " + verified.userId() + " invalidated its tokens");
        }
        if (verified.tokenGeneration() != user.get().tokenGeneration()) {
            // The iat cannot tell, in whole seconds, a token issued while the change ran: the generation can.
            throw invalid("user_refused", "of an earlier token generation of user_id " + verified.userId());
        }
        metrics.tokenChecked("valid");
        Set<String> ofRole = roleScopes.of(user.get().role());
        Set<String> scopes = granted.map(permissions -> intersection(permissions, ofRole)).orElse(ofRole);
        return new AuthenticatedToken(verified, user.get(), scopes);
    }

    private static Set<String> intersection(Set<String> granted, Set<String> ofRole) {
        Set<String> scopes = new HashSet<>(granted);
        scopes.retainAll(ofRole);
        return scopes;
    }

    private InvalidTokenException invalid(String result, String reason) {
        metrics.tokenChecked(result);
        return new InvalidTokenException(realm, "invalid token: " + reason);
    }
}
