package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node tools of {@code conformance/} (Spectral, Redocly, Playwright driving Debian's Chromium),
 * installed by {@code npm ci} there; {@code .ci/run} installs them. Where they are missing, tests
 * that need them are skipped, except in CI, where they fail.
 */
final class NodeTools {
    private NodeTools() {
    }

    /** What a tool printed and how it ended. */
    record Run(int exitCode, String output) {
    }

    static Path directory() {
        return ContractFiles.repositoryRoot().resolve("conformance");
    }

    /** Skips the test when a file it needs is missing, unless this is CI. */
    static void require(Path... files) {
        List<Path> missing = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                missing.add(file);
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(missing).as("CI installs these (.ci/run)").isEmpty();
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "not installed: " + missing + " (run npm ci in conformance/)");
    }

    /** Skips the test when a command is not on the PATH, unless this is CI. */
    static void requireCommand(String name) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, name)));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(found).as("CI installs %s", name).isTrue();
        }
        Assumptions.assumeTrue(found, () -> name + " is not on the PATH");
    }

    static Path bin(String tool) {
        return directory().resolve("node_modules/.bin").resolve(tool);
    }

    /** Runs a command in {@code conformance/} and waits for it, at most two minutes. */
    static Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        return run(command, environment, directory());
    }

    /** Runs a command and waits for it, at most two minutes; a hung tool is killed, with its children. */
    static Run run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("xiq-tool", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after 2 min: " + command + "\n" + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
