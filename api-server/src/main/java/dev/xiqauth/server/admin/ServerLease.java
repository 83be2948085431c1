package dev.xiqauth.server.admin;

import dev.xiqauth.server.view.LeaseProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A lease of the server running on an embedded store ({@link LeaseProtocol}): while it is held, the server's
 * checks ask the store, so what the command writes there is honoured from the next request; closing it tells the
 * server the command is done, and returns once the server has taken the change in.
 */
final class ServerLease implements AutoCloseable {
    /** A server answers at once; one that does not within this is not serving. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;

    private ServerLease(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * @param dataDir the embedded store's data directory
     * @return the lease, if a server runs on that store
     * @throws AdminException if a server runs there but does not grant it
     */
    static Optional<ServerLease> take(Path dataDir) {
        Path socket = LeaseProtocol.socketIn(dataDir);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException noServer) {
            return Optional.empty(); // the socket of a server that ended without removing it
        }
        ServerLease lease = new ServerLease(channel);
        try {
            lease.expect(LeaseProtocol.GRANTED);
        } catch (IOException e) {
            lease.closeChannel();
            throw new AdminException("the server running on " + dataDir + " did not grant the store to this command ("
                    + e.getMessage() + "); try again, or stop the server");
        }
        return Optional.of(lease);
    }

    /** Tells the server the store is closed, and waits until it has taken the changes in. */
    @Override
    public void close() {
        try {
            ByteBuffer end = ByteBuffer.wrap((LeaseProtocol.END + "\n").getBytes(StandardCharsets.US_ASCII));
            while (end.hasRemaining()) {
                channel.write(end); // a few bytes into an empty socket buffer: written at once, blocking or not
            }
            expect(LeaseProtocol.ENDED);
        } catch (IOException e) {
            // The change is in the store, and the server asked the store while the lease was held: it is honoured.
            throw new AdminException("the command's change is made, but the server did not confirm the end of its "
                    + "lease (" + e.getMessage() + "); it asks the store until it has caught up");
        } finally {
            closeChannel();
        }
    }

    private void expect(String line) throws IOException {
        String answer = readLine();
        if (!line.equals(answer)) {
            throw new IOException("it answered " + (answer == null ? "nothing" : "'" + answer + "'"));
        }
    }

    private String readLine() throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        channel.configureBlocking(false);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
                }
                selector.select(Math.max(1, left / 1_000_000));
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
                }
                for (int i = 0; i < read; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        return line.toString(StandardCharsets.US_ASCII);
                    }
                    line.write(b);
                }
                selector.selectedKeys().clear();
            }
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to tell the server: the connection's end is its lease's end.
        }
    }
}
