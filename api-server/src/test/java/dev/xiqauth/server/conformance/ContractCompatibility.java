package dev.xiqauth.server.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * Compares the working contract with the last released one ({@code openapi/released/authentication-<version>.yaml})
 * using openapi-diff: a change that breaks clients of the release is allowed only with a new major
 * version of the project.
 */
final class ContractCompatibility {
    private static final Pattern RELEASED = Pattern.compile("authentication-(\\d+)\\.(\\d+)\\.(\\d+)\\.yaml");

    /** The outcome of a comparison. */
    record Verdict(boolean incompatible, boolean allowed, String report) {
    }

    private ContractCompatibility() {
    }

    /** @return the released contract of the highest version in the directory, if any */
    static Optional<Path> lastRelease(Path releasedDirectory) {
        try (Stream<Path> files = Files.list(releasedDirectory)) {
            return files.filter(file -> RELEASED.matcher(file.getFileName().toString()).matches())
                    .max(Comparator.comparing(ContractCompatibility::versionOf,
                            Comparator.<int[]>comparingInt(v -> v[0]).thenComparingInt(v -> v[1])
                                    .thenComparingInt(v -> v[2])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param released the released contract
     * @param working the working contract
     * @param projectVersion the version the working contract will be released as
     * @return whether the working contract breaks clients of the released one, and whether that is allowed
     */
    static Verdict compare(Path released, Path working, String projectVersion) {
        ChangedOpenApi diff = OpenApiCompare.fromLocations(released.toUri().toString(), working.toUri().toString());
        boolean majorChanged = majorOf(projectVersion) > versionOf(released)[0];
        return new Verdict(diff.isIncompatible(), !diff.isIncompatible() || majorChanged, markdown(diff));
    }

    private static String markdown(ChangedOpenApi diff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int[] versionOf(Path released) {
        Matcher matcher = RELEASED.matcher(released.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a released contract: " + released);
        }
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
            Integer.parseInt(matcher.group(3))};
    }

    static int majorOf(String projectVersion) {
        Matcher matcher = Pattern.compile("(\\d+)\\..*").matcher(projectVersion);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a version: " + projectVersion);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
