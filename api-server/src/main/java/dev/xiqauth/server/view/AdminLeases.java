package dev.xiqauth.server.view;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants leases to the admin commands that write the embedded store while this server runs
 * ({@link LeaseProtocol}): while one is held every check asks the store, and when it ends the {@link CheckView}
 * is reloaded before it answers from memory again. The socket is in the data directory, readable by its owner
 * alone; the process holds the data directory's lock, so a socket file left by a crash is its to replace.
 */
public final class AdminLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminLeases.class);
    /** Admin commands are run by people and scripts, one or a few at a time. */
    private static final int MAX_LEASES = 16;

    private final ServerSocketChannel server;
    private final Path socket;
    private final CheckView view;
    private final Runnable afterLease;
    private final Semaphore slots = new Semaphore(MAX_LEASES);

    private AdminLeases(ServerSocketChannel server, Path socket, CheckView view, Runnable afterLease) {
        this.server = server;
        this.socket = socket;
        this.view = view;
        this.afterLease = afterLease;
    }

    /**
     * Listens on the data directory's socket.
     *
     * @param dataDir the embedded store's directory, whose lock this process holds
     * @param view what a lease makes ask the store
     * @param afterLease what follows a lease's end, once the view is reloaded and before the command is told: the
     *     guarded services forget what they hold, and are waited for
     * @return the listener, to be closed when the server stops
     * @throws IOException if the socket cannot be made there (its path too long for one, say)
     */
    public static AdminLeases listen(Path dataDir, CheckView view, Runnable afterLease) throws IOException {
        Path socket = LeaseProtocol.socketIn(dataDir);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | IllegalArgumentException e) {
            server.close();
            throw new IOException("cannot make the admin commands' socket " + socket + " (" + e.getMessage()
                    + "); a shorter --data-dir path may be needed: a socket's path holds at most about 100 bytes", e);
        }
        AdminLeases leases = new AdminLeases(server, socket, view, afterLease);
        Thread acceptor = new Thread(leases::accept, "admin-leases");
        acceptor.setDaemon(true);
        acceptor.start();
        return leases;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (AsynchronousCloseException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("the admin commands' socket failed: {}", e.toString());
                return;
            }
            if (!slots.tryAcquire()) {
                LOG.warn("an admin command was turned away: {} leases are held already", MAX_LEASES);
                closeQuietly(connection);
                continue;
            }
            Thread lease = new Thread(() -> {
                try {
                    hold(connection);
                } finally {
                    slots.release();
                }
            }, "admin-lease");
            lease.setDaemon(true);
            lease.start();
        }
    }

    /** Grants the lease, and ends it when the command says so or its connection ends: a command may die. */
    private void hold(SocketChannel connection) {
        view.leaseBegun();
        boolean ended = false;
        try (connection) {
            OutputStream out = Channels.newOutputStream(connection);
            out.write((LeaseProtocol.GRANTED + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                    StandardCharsets.US_ASCII));
            String line = in.readLine();
            ended = true;
            endLease();
            if (LeaseProtocol.END.equals(line)) {
                out.write((LeaseProtocol.ENDED + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("an admin command's lease ended abruptly: {}", e.toString());
        } finally {
            if (!ended) {
                endLease();
            }
        }
    }

    private void endLease() {
        view.leaseEnded();
        try {
            afterLease.run();
        } catch (RuntimeException e) {
            LOG.warn("the guarded services were not told of an admin command's changes: {}", e.toString());
        }
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing a turned-away admin connection: {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
