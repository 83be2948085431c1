package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example in the contract is valid against its schema, and a wrong one is caught. */
final class ContractExamplesTest {
    @TempDir
    Path dir;

    @Test
    void everyExampleOfTheContractMatchesItsSchema() {
        assertThat(ContractExamples.invalidExamples(ContractFiles.spec())).isEmpty();
    }

    @Test
    void anExampleOfTheWrongTypeIsCaughtAndItsPlaceNamed() throws Exception {
        String spec = Files.readString(ContractFiles.spec());
        String line = "                    token_type: Bearer\n                    expires_in: 86400\n";
        assertThat(spec).containsOnlyOnce(line);
        Path broken = dir.resolve("authentication.yaml");
        Files.writeString(broken, spec.replace(line, "                    token_type: Bearer\n"
                + "                    expires_in: one day\n"));

        assertThat(ContractExamples.invalidExamples(broken))
                .singleElement().asString().contains("POST /login 200 application/json example 'token'");
    }

    @Test
    void anErrorExampleMissingARequiredFieldIsCaught() throws Exception {
        String spec = Files.readString(ContractFiles.spec());
        String line = "        error_id: 5f1c3a0e8b7d4c2a9e6f1b0d3c5a7e9f\n";
        assertThat(spec).contains(line);
        Path broken = dir.resolve("authentication.yaml");
        Files.writeString(broken, spec.replace(line, ""));

        assertThat(ContractExamples.invalidExamples(broken)).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).contains("error_id"));
    }
}
