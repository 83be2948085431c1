package dev.xiqauth.server.view;

import java.nio.file.Path;

/**
 * How an admin command and the server running on the same embedded store agree: the command connects to the
 * Unix-domain socket in the data directory (which only the directory's owner can reach), the server answers
 * {@link #GRANTED} once its checks ask the store, the command works on the store, closes it, sends {@link #END}
 * and waits for {@link #ENDED}. A command that dies instead ends its lease by closing the connection.
 */
public final class LeaseProtocol {
    /** The socket's file name in the data directory. */
    public static final String SOCKET = "server.sock";
    /** The server's first line: checks ask the store until the lease ends. */
    public static final String GRANTED = "GRANTED";
    /** The command's line: it has closed the store. */
    public static final String END = "END";
    /** The server's last line: the lease is over; checks answer from memory again, or ask the store. */
    public static final String ENDED = "ENDED";

    private LeaseProtocol() {
    }

    /** @return the socket of the server running on this data directory, if one is */
    public static Path socketIn(Path dataDir) {
        return dataDir.toAbsolutePath().resolve(SOCKET);
    }
}
