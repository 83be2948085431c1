package dev.xiqauth.server.token;

/** What a token was issued by, which decides where its revocation lives. */
public enum TokenKind {
    /**
     * Issued by a login: it always expires, and a logout records its {@code jti} in the
     * {@link RevocationStore} until then.
     */
    LOGIN,
    /**
     * Issued by {@code generateApiToken}: it may never expire, so its authority is its record in the
     * {@link ApiTokenStore}: a logout or {@code tokens revoke} deletes the record, and the revocation store
     * stays bounded by the lifetime of login tokens.
     */
    API
}
