package dev.xiqauth.server.admin;

/** An admin command cannot do what it was asked: its message is the one line the operator sees. */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }
}
