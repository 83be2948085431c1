package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    static Path bin(String tool) {
        return directory().resolve("node_modules/.bin").resolve(tool);
    }

    /** Runs a command in {@code conformance/} and waits for it, at most two minutes. */
    static Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
