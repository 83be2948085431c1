package dev.xiqauth.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between a client and a server in the tests, which the test can stall (bytes stop flowing both ways,
 * connections stay open: a frozen network) or cut (every connection closed, new ones closed at once: a partition
 * that resets), and then restore.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listening;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object flow = new Object();
    private volatile boolean stalled;
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return a proxy to the host and port of this URI */
    static TcpProxy to(URI server) throws IOException {
        return new TcpProxy(new InetSocketAddress(server.getHost(), server.getPort()));
    }

    /** @return the server's URI with the proxy's address instead */
    URI in(URI server) {
        return URI.create(server.getScheme() + "://127.0.0.1:" + listening.getLocalPort() + server.getRawPath());
    }

    /** Bytes stop flowing, both ways; connections stay open. */
    void stall() {
        stalled = true;
    }

    /** Every connection is closed, and new ones are closed as they come. */
    void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Bytes flow again, and new connections are served. */
    void restore() {
        cut = false;
        synchronized (flow) {
            stalled = false;
            flow.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listening.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitFlow();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The connection ended, or was cut.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (flow) {
            while (stalled) {
                flow.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        restore();
        listening.close();
        open.forEach(TcpProxy::closeQuietly);
    }
}
