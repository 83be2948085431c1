package dev.xiqauth.server.login;

import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.TokenKind;
import dev.xiqauth.server.token.VerifiedToken;

/**
 * Revokes the token a request was authenticated with, so that every later use of it is denied: a login
 * token by recording its {@code jti} until it expires, an API token by deleting its record, which is
 * its authority (so that one that never expires needs no revocation kept forever).
 */
public final class LogoutService {
    private final RevocationStore revocations;
    private final ApiTokenStore apiTokens;
    private final String realm;
    private final AuditLog audit;
    private final AuthMetrics metrics;

    public LogoutService(RevocationStore revocations, ApiTokenStore apiTokens, String realm, AuditLog audit,
            AuthMetrics metrics) {
        this.revocations = revocations;
        this.apiTokens = apiTokens;
        this.realm = realm;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * @param token the token that authenticated the request
     * @param clientAddress where the request comes from, for the audit log
     * @throws InvalidTokenException if a concurrent request revoked it first: only one logout of a
     *     token succeeds
     */
    public void logout(VerifiedToken token, String clientAddress) {
        boolean revoked = token.kind() == TokenKind.API ? apiTokens.revoke(token.jti())
                : revocations.revoke(token.jti(), token.acceptedUntil().orElseThrow());
        if (!revoked) {
            throw new InvalidTokenException(realm, "token revoked by a concurrent request, jti " + token.jti());
        }
        audit.loggedOut(token.subject(), clientAddress, token.jti());
        metrics.loggedOut();
    }
}
