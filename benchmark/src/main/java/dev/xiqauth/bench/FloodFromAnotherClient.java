package dev.xiqauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * An open loop of requests at a fixed rate, each on a connection of its own from another loopback address
 * ({@value #SOURCE}): the flood comes from another client than the token checks it runs beside, as an
 * attacker's flood would. From the checks' own address, the server's per-client limit
 * ({@code --max-requests-per-client}) counted the flood's held refusals with the checks, and refused the
 * checks: a figure of the limit doing its work, not of what the flood costs the checks. Java 17's
 * {@code HttpClient} cannot choose its source address, so the requests are written on plain sockets.
 * Latency counts from when each request was due (no coordinated omission).
 */
final class FloodFromAnotherClient {
    /** On Linux the whole of 127.0.0.0/8 is the loopback interface's. */
    private static final String SOURCE = "127.0.0.2";
    private static final int MAX_IN_FLIGHT = 2_000;
    private static final AtomicBoolean FELL_BACK = new AtomicBoolean();

    private FloodFromAnotherClient() {
    }

    static Load.Result openLoop(Supplier<HttpRequest> requests, double perSecond, Duration duration)
            throws Exception {
        InetAddress source = InetAddress.getByName(SOURCE);
        Recorder latencies = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ExecutorService senders = Executors.newCachedThreadPool();
        long intervalNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            for (long due = start; due < end; due += intervalNanos) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    refused.incrementAndGet();
                    continue;
                }
                HttpRequest request = requests.get();
                long dueAt = due;
                senders.execute(() -> {
                    try {
                        if (status(source, request) == 200) {
                            latencies.recordValue((System.nanoTime() - dueAt) / 1_000);
                            ok.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(MAX_IN_FLIGHT);
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        var histogram = latencies.getIntervalHistogram();
        return new Load.Result(ok.get() / seconds, histogram.getValueAtPercentile(50) / 1_000.0,
                histogram.getValueAtPercentile(99) / 1_000.0, refused.get());
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
