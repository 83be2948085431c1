package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ContractCoverageTest {
    @TempDir
    Path dir;

    @Test
    void everyDocumentedStatusOfTheContractIsListed() {
        assertThat(ContractCoverage.documented(ContractFiles.spec()))
                .contains("POST /login 200", "POST /login 401", "POST /logout 200", "POST /logout 401");
    }

    @Test
    void aDocumentedStatusThatNoTestProducedIsReported() {
        Set<String> documented = ContractCoverage.documented(ContractFiles.spec());
        Set<String> observedAllButOne = new TreeSet<>(documented);
        observedAllButOne.remove("POST /logout 401");

        assertThat(ContractCoverage.missing(documented, observedAllButOne)).containsExactly("POST /logout 401");
        assertThat(ContractCoverage.missing(documented, documented)).isEmpty();
    }

    @Test
    void aContractDocumentingADefaultResponseIsRefusedBecauseNoTestCanCoverIt() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, Files.readString(ContractFiles.spec()).replaceFirst("        '400':\n",
                "        default:\n          description: anything\n        '400':\n"));

        assertThatThrownBy(() -> ContractCoverage.documented(spec)).hasMessageContaining("'default'");
    }
}
