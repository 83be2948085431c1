package dev.xiqauth.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An auth server on loopback that answers the one connection it accepts a byte at a time, so that every single
 * read of its client succeeds well within any read timeout while the answer as a whole never arrives in time:
 * the status line and headers ({@link Script#HEAD}), or the headers at once and then the body ({@link
 * Script#BODY}). A raw socket, because an HTTP server library would not let a test send half a status line. It
 * notes when the client hung up, which is when a write fails.
 */
final class TricklingAuthServer implements AutoCloseable {
    /** What comes slowly. */
    enum Script {
        /** The status line and the headers, then the body. */
        HEAD,
        /** The body, after the status line and headers at once. */
        BODY
    }

    /** Longer than any test waits at the pace of the tests, so the answer is never complete. */
    private static final int BODY_BYTES = 4096;
    private static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

    private final Script script;
    private final Duration pace;
    private final ServerSocket listener;
    private final Thread thread;
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private volatile Socket connection;

    /**
     * @param script what to send slowly
     * @param pace the wait before each slow byte
     */
    TricklingAuthServer(Script script, Duration pace) throws IOException {
        this.script = script;
        this.pace = pace;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serveOne, "trickling-auth-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return where it listens, on loopback */
    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * @param wait how long to wait for it at most
     * @return whether the client closed the connection
     */
    boolean awaitHangUp(Duration wait) throws InterruptedException {
        return hungUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serveOne() {
        try (Socket accepted = listener.accept()) {
            connection = accepted;
            // Bounds the wait for the request, should the client never send it.
            accepted.setSoTimeout(10_000);
            readRequestHead(accepted.getInputStream());
            String body = "{\"user_name\":\"" + "x".repeat(BODY_BYTES) + "\"}";
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = accepted.getOutputStream();
            if (script == Script.HEAD) {
                trickle(out, head);
            } else {
                out.write(head);
                out.flush();
            }
            trickle(out, body.getBytes(StandardCharsets.US_ASCII));
        } catch (SocketException hangUp) {
            // A write to a connection the client closed; or the test closed this server.
            hungUp.countDown();
        } catch (IOException | InterruptedException stopped) {
            // The test is over.
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int lineLength = 0;
        for (int read = 0; read < MAX_REQUEST_HEAD_BYTES; read++) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the request ended before its headers did");
            }
            if (c == '\n') {
                if (lineLength == 0) {
                    return;
                }
                lineLength = 0;
            } else if (c != '\r') {
                lineLength++;
            }
        }
        throw new IOException("a request head over " + MAX_REQUEST_HEAD_BYTES + " bytes");
    }

    private void trickle(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            Thread.sleep(pace.toMillis());
            out.write(b);
            out.flush();
        }
    }

    /** Stops it, and closes the connection it serves, which ends whatever the client still waits for. */
    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        Socket served = connection;
        if (served != null) {
            served.close();
        }
        thread.interrupt();
        thread.join(5_000);
    }
}
