package dev.xiqauth.server.auth;

/**
 * Revokes the token a request was authenticated with, so that every later use of it is denied.
 */
public final class LogoutService {
    private final RevocationStore revocations;
    private final String realm;

    public LogoutService(RevocationStore revocations, String realm) {
        this.revocations = revocations;
        this.realm = realm;
    }

    /**
     * @param token the token that authenticated the request
     * @throws InvalidTokenException if a concurrent request revoked it first: only one logout of a
     *     token succeeds
     */
    public void logout(VerifiedToken token) {
        if (!revocations.revoke(token.jti(), token.acceptedUntil())) {
            throw new InvalidTokenException(realm, "token revoked by a concurrent request, jti " + token.jti());
        }
    }
}
