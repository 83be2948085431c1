package dev.xiqauth.server.user;

/** A user with the same name, in any case, or with a name that looks the same, exists already. */
public final class DuplicateUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateUserException(String username) {
        super("a user named '" + username + "' exists already");
    }

    /**
     * @param username the name refused
     * @param lookAlike the existing user's name it looks like
     */
    public DuplicateUserException(String username, String lookAlike) {
        super("'" + username + "' looks like the existing user '" + lookAlike + "': choose a name that does not");
    }
}
