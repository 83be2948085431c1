package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract passes Spectral ({@code spectral:oas} and the rules of {@code conformance/.spectral.yaml})
 * and Redocly's recommended rules with no error, and both fail on a contract that breaks them.
 */
final class ContractLintTest {
    @TempDir
    Path dir;

    @BeforeEach
    void toolsInstalled() {
        NodeTools.require(NodeTools.bin("spectral"), NodeTools.bin("redocly"));
    }

    private static NodeTools.Run spectral(Path spec) throws IOException, InterruptedException {
        return NodeTools.run(List.of(NodeTools.bin("spectral").toString(), "lint", "--fail-severity=error",
                spec.toAbsolutePath().toString()), Map.of());
    }

    private static NodeTools.Run redocly(Path spec) throws IOException, InterruptedException {
        return NodeTools.run(List.of(NodeTools.bin("redocly").toString(), "lint", spec.toAbsolutePath().toString()),
                Map.of());
    }

    private Path contractWith(String original, String replacement) throws IOException {
        String spec = Files.readString(ContractFiles.spec());
        assertThat(spec).contains(original);
        Path broken = dir.resolve("authentication.yaml");
        Files.writeString(broken, spec.replace(original, replacement));
        return broken;
    }

    @Test
    void contractPassesSpectral() throws Exception {
        NodeTools.Run run = spectral(ContractFiles.spec());

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void contractPassesRedocly() throws Exception {
        NodeTools.Run run = redocly(ContractFiles.spec());

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void bothLintersFailOnAReferenceToNoSchema() throws Exception {
        Path broken = contractWith("$ref: '#/components/schemas/XiqLoginResponse'",
                "$ref: '#/components/schemas/NoSuchSchema'");

        assertThat(spectral(broken).exitCode()).isNotZero();
        assertThat(redocly(broken).exitCode()).isNotZero();
    }

    @Test
    void spectralFailsOnAnErrorResponseThatIsNoXiqError() throws Exception {
        Path broken = contractWith("""
                        '413':
                          $ref: '#/components/responses/PayloadTooLarge'
                """, """
                        '413':
                          description: Too large
                          content:
                            text/plain:
                              schema:
                                type: string
                """);

        NodeTools.Run run = spectral(broken);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("xiq-error-response-is-xiq-error");
    }
}
