package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.CompositionRoot;
import dev.xiqauth.server.RunningServer;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples work: each code block marked {@code <!-- readme-test: sh -->} or
 * {@code <!-- readme-test: python -->} runs, in order, against a real server with the README's user,
 * and must print every line its {@code # =>} comments show ({@code ...} standing for anything).
 */
final class ReadmeExamplesTest {
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- readme-test: (sh|python) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final String README_URL = "http://localhost:8081";

    @TempDir
    Path dataDir;

    /** A marked example: its language and its code. */
    record Example(String language, String code) {
        List<String> expectedOutput() {
            return code.lines().filter(line -> line.startsWith("# => ")).map(line -> line.substring(5)).toList();
        }
    }

    static List<Example> examples(String readme) {
        List<Example> examples = new ArrayList<>();
        Matcher matcher = MARKED_BLOCK.matcher(readme);
        while (matcher.find()) {
            examples.add(new Example(matcher.group(1), matcher.group(2)));
        }
        return examples;
    }

    /** @return the first expected line missing from the output, in order, if any */
    static Optional<String> firstMissing(List<String> expected, String output) {
        int from = 0;
        for (String line : expected) {
            StringBuilder regex = new StringBuilder();
            String[] parts = line.split("\\.\\.\\.", -1);
            for (int i = 0; i < parts.length; i++) {
                regex.append(i == 0 ? "" : "[^\\n]*?").append(Pattern.quote(parts[i]));
            }
            Matcher matcher = Pattern.compile(regex.toString()).matcher(output);
            if (!matcher.find(from)) {
                return Optional.of(line);
            }
            from = matcher.end();
        }
        return Optional.empty();
    }

    private static String run(Example example, String baseUrl) throws IOException, InterruptedException {
        String code = example.code().replace(README_URL, baseUrl);
        List<String> command = example.language().equals("sh")
                ? List.of("bash", "-eu", "-o", "pipefail", "-c", code) : List.of("python3", "-c", code);
        NodeTools.Run run = NodeTools.run(command, Map.of(), Path.of("."));
        String output = run.output().replace("\r", "");
        assertThat(run.exitCode()).as("%s example exited with %d:%n%s%n%s", example.language(), run.exitCode(),
                example.code(), output).isZero();
        return output;
    }

    @Test
    void everyMarkedExampleOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
        NodeTools.require(Path.of("/usr/bin/curl"));
        NodeTools.requireCommand("python3");
        List<Example> examples = examples(Files.readString(ContractFiles.repositoryRoot().resolve("README.md")));
        assertThat(examples).extracting(Example::language).contains("sh", "python");

        try (RunningServer server = CompositionRoot.start(
                TestServers.settings(StoreSettings.embedded(dataDir), 0, null),
                new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", "jane.doe@example.com",
                        "XIQ_AUTH_BOOTSTRAP_PASSWORD", "correct horse battery staple")),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String baseUrl = server.baseUri().toString().replaceAll("/$", "");
            for (Example example : examples) {
                String output = run(example, baseUrl);

                assertThat(firstMissing(example.expectedOutput(), output))
                        .as("the README promises this output of%n%s%nbut it printed%n%s", example.code(), output)
                        .isEmpty();
            }
        }
    }

    @Test
    void outputMissingAPromisedLineIsCaught() {
        List<String> promised = List.of("HTTP/1.1 200 OK", "{\"error_code\":\"INVALID_TOKEN\",\"error_id\":\"...\"}");

        assertThat(firstMissing(promised, "HTTP/1.1 200 OK\n{\"error_code\":\"INVALID_TOKEN\",\"error_id\":\"abc\"}"))
                .isEmpty();
        assertThat(firstMissing(promised, "HTTP/1.1 401 Unauthorized\n")).contains("HTTP/1.1 200 OK");
        assertThat(firstMissing(promised, "{\"error_code\":\"INVALID_TOKEN\",\"error_id\":\"abc\"}\nHTTP/1.1 200 OK"))
                .as("in order").isPresent();
    }
}
