package dev.xiqauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An open loop of requests at a fixed rate, each on a connection of its own from another loopback address
 * ({@value #SOURCE}): the flood comes from another client than the token checks it runs beside, as an
 * attacker's flood would. From the checks' own address, the server's per-client limit
 * ({@code --max-requests-per-client}) counted the flood's held refusals with the checks, and refused the
 * checks: a figure of the limit doing its work, not of what the flood costs the checks. Java 17's
 * {@code HttpClient} cannot choose its source address, so the requests are written on plain sockets.
 * Pacing and counting are {@link Load#openLoop}'s.
 */
final class FloodFromAnotherClient {
    /** On Linux the whole of 127.0.0.0/8 is the loopback interface's. */
    private static final String SOURCE = "127.0.0.2";
    private static final AtomicBoolean FELL_BACK = new AtomicBoolean();

    private FloodFromAnotherClient() {
    }

    static Load.Result openLoop(Supplier<HttpRequest> requests, double perSecond, Duration duration)
            throws Exception {
        InetAddress source = InetAddress.getByName(SOURCE);
        ExecutorService senders = Executors.newCachedThreadPool();
        try {
            return Load.openLoop(requests, perSecond, duration, request -> CompletableFuture.supplyAsync(() -> {
                try {
                    return status(source, request);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, senders));
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sends the request on a new connection from {@code source}, and reads the answer to its end. */
    private static int status(InetAddress source, HttpRequest request) throws IOException {
        URI uri = request.uri();
        try (Socket socket = new Socket()) {
            bind(socket, source);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] body = Wrk.body(request).getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(uri.getRawPath())
                    .append(" HTTP/1.1\r\nHost: ").append(uri.getRawAuthority()).append("\r\n");
            for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
                head.append(header.getKey()).append(": ").append(String.join(", ", header.getValue())).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            String statusLine = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.US_ASCII);
            return statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
        }
    }

    private static void bind(Socket socket, InetAddress source) throws IOException {
        try {
            socket.bind(new InetSocketAddress(source, 0));
        } catch (BindException notOnThisSystem) {
            if (FELL_BACK.compareAndSet(false, true)) {
                System.out.println("the flood cannot send from " + SOURCE + " here: it comes from the checks' own "
                        + "address, and the server's per-client limit refuses checks with it");
            }
        }
    }
}
