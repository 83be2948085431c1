package dev.xiqauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Closed-loop load by {@code wrk} (one thread, its connections each sending the next request when the last is
 * answered), on the load generator's core while the rounds are pinned. The requests are made beforehand, by the
 * same code that describes each target, and written to a file {@code requests.lua} reads, so that {@code wrk}
 * does nothing per request but send bytes: a Java generator on the same two cores took most of a core and
 * squeezed every ratio towards 1. Latency percentiles are {@code wrk}'s, over every answer.
 */
final class Wrk {
    /** Requests made for a target whose requests repeat (distinct tokens checked over and over). */
    private static final int CYCLED_ROWS = 20_000;
    /** Requests made per second of a run whose requests are each sent once (a fresh token to revoke each). */
    private static final int ONCE_ROWS_PER_SECOND = 40_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private String cores = Cores.GENERATOR;

    private Wrk(Path script) {
        this.script = script;
    }

    /** @return a generator whose script is in a temporary file; {@code wrk} must be on the path */
    static Wrk start() throws IOException {
        try {
            if (new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start().waitFor() > 1) {
                throw new IOException("wrk -v failed");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the benchmark's load generator is wrk: install it (Debian: apt-get "
                    + "install wrk) and run again", e);
        }
        Path script = Files.createTempFile("xiq-bench", ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream("requests.lua")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        return new Wrk(script);
    }

    /** @param cores where {@code wrk} runs from now on: {@link Cores#GENERATOR}, or every core */
    void runOn(String cores) {
        this.cores = cores;
    }

    /** {@code connections} connections, the requests repeating. */
    Load.Result closedLoop(Supplier<HttpRequest> requests, int connections, Duration duration) throws Exception {
        return run(requests, CYCLED_ROWS, false, connections, duration);
    }

    /**
     * {@code connections} connections, each request sent once: the supplier makes as many as the run could send,
     * or returns null when it has no more (those the run sends beyond are counted as refused).
     */
    Load.Result closedLoopOnce(Supplier<HttpRequest> requests, int connections, Duration duration) throws Exception {
        return run(requests, Math.toIntExact(ONCE_ROWS_PER_SECOND * duration.toSeconds()), true, connections, duration);
    }

    private Load.Result run(Supplier<HttpRequest> requests, int rows, boolean once, int connections,
            Duration duration) throws Exception {
        Path file = Files.createTempFile("xiq-bench-requests", ".tsv");
        try {
            URI origin = write(requests, rows, once, file);
            List<String> command = new ArrayList<>(Cores.prefix(cores));
            command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                    "--timeout", "30s", "-s", script.toString(), origin.toString(), "--", file.toString()));
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            String summary = output.lines().filter(line -> line.startsWith("{\"requests\"")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("wrk printed no summary: " + output));
            JsonNode counts = JSON.readTree(summary);
            long refused = counts.get("non_2xx").asLong() + counts.get("socket_errors").asLong();
            double seconds = counts.get("duration_us").asLong() / 1e6;
            return new Load.Result((counts.get("requests").asLong() - refused) / seconds,
                    counts.get("p50_us").asLong() / 1_000.0, counts.get("p99_us").asLong() / 1_000.0, refused);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** @return the origin the requests go to */
    private static URI write(Supplier<HttpRequest> requests, int rows, boolean once, Path file) throws IOException {
        URI origin = null;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(once ? "once\n" : "cycle\n");
            for (int i = 0; i < rows; i++) {
                HttpRequest request = requests.get();
                if (request == null) {
                    break;
                }
                URI uri = request.uri();
                if (origin == null) {
                    origin = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
                }
                StringBuilder headers = new StringBuilder();
                for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
                    headers.append(header.getKey()).append(':').append(String.join(", ", header.getValue()))
                            .append('\u001e');
                }
                String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                out.write(field(request.method()) + '\t' + field(target) + '\t' + field(headers.toString()) + '\t'
                        + field(body(request)) + '\n');
            }
        }
        if (origin == null) {
            throw new IllegalStateException("no request to send");
        }
        return origin;
    }

    private static String field(String text) {
        if (text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a request of the benchmark holds a tab or a line break: " + text);
        }
        return text;
    }

    /** @return the request's body, as its publisher gives it */
    static String body(HttpRequest request) {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
