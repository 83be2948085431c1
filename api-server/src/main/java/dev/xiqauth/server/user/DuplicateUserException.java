package dev.xiqauth.server.user;

/** A user with the same name, in any case, exists already. */
public final class DuplicateUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateUserException(String username) {
        super("a user named '" + username + "' exists already");
    }
}
