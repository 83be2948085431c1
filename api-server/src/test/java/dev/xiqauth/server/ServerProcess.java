package dev.xiqauth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's main class started as a separate JVM, as an operator starts it: for what only a process
 * shows, such as a crash, the sockets it listens on, or its exit when it refuses to start.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving the XIQ Authentication API at (https?://\\S+/)");

    private final Process process;
    /** Appended to by one thread; a copy-on-write list would copy it whole for each line of a flood's log. */
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final URI baseUri;
    private final Thread reader;

    private ServerProcess(Process process) throws IOException, InterruptedException, TimeoutException {
        this.process = process;
        CompletableFuture<URI> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    Matcher matcher = SERVING.matcher(messageOf(line));
                    if (matcher.find()) {
                        serving.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                serving.completeExceptionally(e);
            }
            serving.completeExceptionally(new IOException("the server ended: " + output));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        this.reader = reader;
        try {
            this.baseUri = serving.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("the server did not start: " + output, e.getCause());
        }
    }

    /**
     * @param dataDir its data directory
     * @param environment extra environment variables
     * @param args extra flags
     * @return the started server, serving
     */
    static ServerProcess start(Path dataDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException, TimeoutException {
        return new ServerProcess(command(dataDir, environment, args).redirectErrorStream(true).start());
    }

    /**
     * @param environment extra environment variables (the shared store's credentials among them)
     * @param args extra flags: the shared store's {@code --db-url} among them
     * @return the started server on a shared store, serving
     */
    static ServerProcess startShared(Map<String, String> environment, String... args)
            throws IOException, InterruptedException, TimeoutException {
        return new ServerProcess(command(List.of("--host", "127.0.0.1", "--port", "0"), environment, args)
                .redirectErrorStream(true).start());
    }

    /**
     * @param dataDir its data directory
     * @param environment extra environment variables
     * @param args extra flags
     * @return the started server, serving, run with the JVM options of the documented launch (its heap of
     *     128 MiB among them), as an operator runs it
     */
    static ServerProcess startAsDocumented(Path dataDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder = command(dataDir, environment, args);
        List<String> command = new ArrayList<>(builder.command());
        command.addAll(1, documentedJvmOptions());
        return new ServerProcess(builder.command(command).redirectErrorStream(true).start());
    }

    /** @return the lines of the distribution's {@code jvm.options} that are options */
    static List<String> documentedJvmOptions() throws IOException {
        return Files.readAllLines(Path.of("src/main/dist/jvm.options")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /**
     * What a server process that ended by itself left behind.
     *
     * @param status its exit status
     * @param out the lines of its standard output (the log)
     * @param err the lines of its standard error
     */
    record Ended(int status, List<String> out, List<String> err) {
    }

    /**
     * Runs the server until it ends by itself, as it does when it refuses to start.
     *
     * @param dataDir its data directory
     * @param environment extra environment variables
     * @param args extra flags
     * @return how it ended
     * @throws AssertionError if it starts serving instead, or has not ended after 60 s; it is killed then
     */
    static Ended runUntilItEnds(Path dataDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return runUntilItEnds(command(dataDir, environment, args));
    }

    /**
     * Runs the jar's main class with exactly these arguments (no address or data directory of the test's
     * own), as an admin command or a start whose every flag the test chooses, until it ends.
     */
    static Ended runWithArguments(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return runUntilItEnds(command(List.of(), environment, args));
    }

    private static Ended runUntilItEnds(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread outReader = collect(process.getInputStream(), out);
        Thread errReader = collect(process.getErrorStream(), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (out.stream().anyMatch(line -> SERVING.matcher(messageOf(line)).find()) || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the server did not end by itself: " + out + err);
            }
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return new Ended(process.exitValue(), List.copyOf(out), List.copyOf(err));
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // The process is gone: what it wrote so far is what there is.
            }
        }, "server-stream");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static ProcessBuilder command(Path dataDir, Map<String, String> environment, String... args) {
        return command(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()), environment,
                args);
    }

    private static ProcessBuilder command(List<String> first, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                XiqAuthServer.class.getName()));
        command.addAll(first);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("XIQ_AUTH_"));
        builder.environment().put("XIQ_AUTH_LOG_LEVEL", "INFO");
        builder.environment().putAll(environment);
        return builder;
    }

    /** @return the message of a log line, plain or JSON (whose slashes are escaped) */
    private static String messageOf(String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        try {
            return new ObjectMapper().readTree(line).path("formattedMessage").asText();
        } catch (IOException notJson) {
            return line;
        }
    }

    /** @return the operating system's id of the process */
    long pid() {
        return process.pid();
    }

    URI baseUri() {
        return baseUri;
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * Asks the process to stop with SIGTERM, as an orchestrator does, and waits for it to end.
     *
     * @return its exit code
     */
    int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close the pipes, losing what the server logs as it stops.
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not stop within 60 s of SIGTERM: " + output);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** Ends the process with SIGKILL: no shutdown hook, no flush, as a crash or the OOM killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
