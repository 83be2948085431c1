package dev.xiqauth.server.store;

/**
 * The embedded database's file exists but holds no store that can be read. The server and the admin
 * commands stop with its message, one line naming the file and what to do, rather than start a new
 * store over it.
 */
public final class DamagedStoreException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DamagedStoreException(String message) {
        super(message);
    }
}
