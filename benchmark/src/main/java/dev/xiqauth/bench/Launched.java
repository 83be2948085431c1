package dev.xiqauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A process the benchmark started (the server jar, the bare Jersey app, the peer), its output discarded. */
final class Launched implements AutoCloseable {
    private final Process process;
    private final long startedNanos;

    private Launched(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts a server on the servers' core ({@link Cores#SERVERS}), its output discarded. */
    static Launched start(List<String> command, Map<String, String> environment) throws IOException {
        List<String> placed = new ArrayList<>(Cores.prefix(Cores.SERVERS));
        placed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(placed).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        Thread drain = new Thread(() -> {
            try (InputStream out = process.getInputStream()) {
                out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ended) {
                // The process is gone.
            }
        }, "drain");
        drain.setDaemon(true);
        drain.start();
        return new Launched(process, started);
    }

    /**
     * Waits until a request answers 200, as a started server's first one does.
     *
     * @throws IllegalStateException if none did within the time given
     */
    static void awaitOk(Supplier<HttpRequest> probe, Duration within, Duration pause) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe.get(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(pause.toMillis());
        }
        throw new IllegalStateException(probe.get().uri() + " did not answer 200 within " + within);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Moves the process and its descendants (a launcher script's JVM) to the given cores. */
    void runOn(String cores) throws IOException, InterruptedException {
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            Cores.pin(handle.pid(), cores);
        }
    }

    /** @return nanoseconds since the process was started */
    /** Stops the process where it is (SIGSTOP), as a frozen machine would: its sockets stay open, unanswered. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            new ProcessBuilder("kill", signal, Long.toString(handle.pid())).inheritIO().start().waitFor();
        }
    }

    long age() {
        return System.nanoTime() - startedNanos;
    }

    /**
     * @return the peak resident set size (VmHWM) so far, in KiB, of the largest of the process and its
     *     descendants: a launcher script's JVM is its child
     */
    long peakRssKib() throws IOException {
        long peak = -1;
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            Path status = Path.of("/proc", Long.toString(handle.pid()), "status");
            List<String> lines;
            try {
                lines = Files.readAllLines(status);
            } catch (NoSuchFileException ended) {
                continue;
            }
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        }
        return peak;
    }

    /** Stops it as an operator would: SIGTERM, then waits. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        for (ProcessHandle orphan : descendants) { // a launcher script killed before it could stop its JVM
            orphan.destroyForcibly();
        }
    }
}
