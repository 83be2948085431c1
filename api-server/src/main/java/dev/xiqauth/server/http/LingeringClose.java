package dev.xiqauth.server.http;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Closes a connection whose request was refused while its body may still be arriving, as RFC 9112
 * (section 9.6) asks of a server: the answer is written, the sending half shut, and what the client
 * still sends is read and thrown away until it closes its side or the linger time ends; only then is
 * the connection closed. Closed at once with the client's bytes unread, the kernel would answer them
 * with a reset, which destroys the answer (413, 408, 400...) before the client has read it: the
 * client, still sending, would see a broken connection instead of the reason.
 *
 * <p>A lingering connection holds a socket, never a thread, and counts against its client's
 * connection limit until it is closed.
 */
final class LingeringClose implements AutoCloseable {
    private static final Attribute<Boolean> DISCARDING =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(LingeringClose.class.getName() + ".discarding");

    private final Duration linger;
    private final ScheduledThreadPoolExecutor closer;

    /** @param linger the longest time the client's bytes are read and thrown away after the answer */
    LingeringClose(Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("the linger time must not be negative: " + linger);
        }
        this.linger = linger;
        this.closer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("http-lingering-close");
            thread.setDaemon(true);
            return thread;
        });
        closer.setRemoveOnCancelPolicy(true); // a client that closes first leaves no task behind
    }

    /** Whether what arrives on this connection is to be thrown away unread by the codec. */
    static boolean isDiscarding(Connection<?> connection) {
        return Boolean.TRUE.equals(DISCARDING.get(connection));
    }

    /**
     * Writes the answer through the whole filter chain (the HTTP codec encodes it), then shuts the
     * sending half, discards what still arrives, and closes the connection after the linger time or
     * as soon as the client closes its side. Safe from any thread.
     *
     * @param answer the message to write, an {@code HttpContent} whose head the codec encodes
     */
    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly types a write by the connection's address type
    void answerAndClose(Connection<?> connection, Object answer) {
        DISCARDING.set(connection, Boolean.TRUE);
        ((Connection) connection).write(answer, new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                linger(connection);
            }

            @Override
            public void failed(Throwable failure) {
                connection.closeSilently();
            }
        });
    }

    private void linger(Connection<?> connection) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            SelectableChannel channel = ((NIOConnection) connection).getChannel();
            ((SocketChannel) channel).shutdownOutput(); // the client reads the answer, then end of stream
        } catch (IOException | RuntimeException notShut) {
            connection.closeSilently(); // the client is gone already: nothing to linger for
            return;
        }
        try {
            ScheduledFuture<?> close = closer.schedule(connection::closeSilently, linger.toMillis(),
                    TimeUnit.MILLISECONDS);
            connection.addCloseListener((closed, type) -> close.cancel(false));
        } catch (RuntimeException stopped) { // the server is stopping: its listeners close every connection
            connection.closeSilently();
        }
    }

    @Override
    public void close() {
        closer.shutdownNow();
    }
}
