package dev.xiqauth.client;

import java.time.Instant;

/**
 * The access token of a session has expired, and the session cannot log in again by itself (it was
 * not opened with {@link XiqAuthClient.Builder#reauthenticate(boolean)}): log in again.
 */
public final class XiqSessionExpiredException extends XiqAuthException {
    private static final long serialVersionUID = 1L;

    XiqSessionExpiredException(Instant expiredAt) {
        super("the session's access token expired at " + expiredAt + "; log in again", 401, null, null);
    }
}
