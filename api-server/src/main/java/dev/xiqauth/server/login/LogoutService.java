package dev.xiqauth.server.login;

import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.VerifiedToken;

/**
 * Revokes the token a request was authenticated with, so that every later use of it is denied.
 */
public final class LogoutService {
    private final RevocationStore revocations;
    private final String realm;
    private final AuditLog audit;
    private final AuthMetrics metrics;

    public LogoutService(RevocationStore revocations, String realm, AuditLog audit, AuthMetrics metrics) {
        this.revocations = revocations;
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
        if (!revocations.revoke(token.jti(), token.acceptedUntil())) {
            throw new InvalidTokenException(realm, "token revoked by a concurrent request, jti " + token.jti());
        }
        audit.loggedOut(token.subject(), clientAddress, token.jti());
        metrics.loggedOut();
    }
}
