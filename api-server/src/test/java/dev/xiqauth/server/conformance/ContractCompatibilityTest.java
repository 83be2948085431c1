package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaking changes are caught: the working contract must not break clients of the last released one
 * unless the project's major version changes, and the report says what broke.
 */
final class ContractCompatibilityTest {
    private static final Path RELEASED_DIRECTORY = ContractFiles.repositoryRoot().resolve("openapi/released");

    @TempDir
    Path dir;

    private static String projectVersion() {
        return System.getProperty("xiq.project.version", "2.0.0-SNAPSHOT");
    }

    private static Path lastRelease() {
        return ContractCompatibility.lastRelease(RELEASED_DIRECTORY)
                .orElseThrow(() -> new AssertionError("no released contract in " + RELEASED_DIRECTORY));
    }

    /** @return the major version of the last released contract, which a breaking change must pass */
    private static int releasedMajor() {
        return Integer.parseInt(lastRelease().getFileName().toString().replaceAll("authentication-(\\d+)\\..*", "$1"));
    }

    /** Writes the working contract with a change made to its tree, as an engineer might edit it. */
    private Path workingContractChanged(Consumer<ObjectNode> change) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode contract = (ObjectNode) yaml.readTree(ContractFiles.spec().toFile());
        change.accept(contract);
        Path changed = dir.resolve("authentication.yaml");
        yaml.writeValue(changed.toFile(), contract);
        return changed;
    }

    private static ObjectNode schema(ObjectNode contract, String name) {
        return (ObjectNode) contract.path("components").path("schemas").path(name);
    }

    private static void removeFromArray(ArrayNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                array.remove(i);
                return;
            }
        }
        throw new AssertionError(value + " is not in " + array);
    }

    private Path withNewRequiredRequestField() throws IOException {
        return workingContractChanged(contract -> {
            ObjectNode request = schema(contract, "XiqLoginRequest");
            ((ArrayNode) request.get("required")).add("organization");
            ((ObjectNode) request.get("properties")).putObject("organization").put("type", "string");
        });
    }

    /** A released contract is what clients were built against: it never changes after the release. */
    private static final Map<String, String> RELEASED_SHA256 = Map.of(
            "authentication-1.0.0.yaml", "48484ae64919a9f49991e689647ecbc055be11f622e9f3ad6f10f9fc41445092",
            "authentication-1.1.0.yaml", "ffd6ddb5091f78af3b8a5fb46937245ab2c4becfdf8c272b8133b5dbc13ed021",
            "authentication-2.0.0.yaml", "e5d790a2b479ecb29864a1c8f24c2f1d2f082411e4a45878b63606147f452703");

    @Test
    void releasedContractsAreNeverEdited() throws Exception {
        try (Stream<Path> released = Files.list(RELEASED_DIRECTORY)) {
            for (Path file : released.toList()) {
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(file)));
                assertThat(sha256).as("%s is released; add a new file for a new release, and pin it here",
                        file.getFileName()).isEqualTo(RELEASED_SHA256.get(file.getFileName().toString()));
            }
        }
    }

    @Test
    void workingContractKeepsEveryPromiseOfTheLastRelease() {
        ContractCompatibility.Verdict verdict = ContractCompatibility.compare(lastRelease(), ContractFiles.spec(),
                projectVersion());

        assertThat(verdict.allowed())
                .as("the contract breaks clients of %s, and the major version of %s is the same:%n%s",
                        lastRelease().getFileName(), projectVersion(), verdict.report())
                .isTrue();
    }

    @Test
    void removedResponseFieldIsCaughtAndNamed() throws IOException {
        Path changed = workingContractChanged(contract -> {
            ObjectNode response = schema(contract, "XiqLoginResponse");
            removeFromArray((ArrayNode) response.get("required"), "expires_in");
            ((ObjectNode) response.get("properties")).remove("expires_in");
        });

        ContractCompatibility.Verdict verdict = ContractCompatibility.compare(lastRelease(), changed,
                releasedMajor() + ".0.1-SNAPSHOT");

        assertThat(verdict.incompatible()).as(verdict.report()).isTrue();
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.report()).contains("expires_in");
    }

    @Test
    void newRequiredRequestFieldIsCaughtAndNamed() throws IOException {
        Path changed = withNewRequiredRequestField();

        ContractCompatibility.Verdict verdict = ContractCompatibility.compare(lastRelease(), changed,
                releasedMajor() + ".1.0-SNAPSHOT");

        assertThat(verdict.incompatible()).as(verdict.report()).isTrue();
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.report()).contains("organization");
    }

    @Test
    void aBreakingChangeIsAllowedWithANewMajorVersion() throws IOException {
        Path changed = withNewRequiredRequestField();

        ContractCompatibility.Verdict verdict = ContractCompatibility.compare(lastRelease(), changed,
                (releasedMajor() + 1) + ".0.0-SNAPSHOT");

        assertThat(verdict.incompatible()).isTrue();
        assertThat(verdict.allowed()).isTrue();
    }
}
