package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the module (a surefire execution of its own, see the pom): every
 * status the contract documents for an operation must have been produced by some test and validated
 * against the contract. A status the server can never return must not stay documented.
 */
@Tag(ContractCoverageCheckTest.TAG)
final class ContractCoverageCheckTest {
    /** The tag of checks that read what the other tests recorded. */
    static final String TAG = "after-all-tests";

    @Test
    void everyDocumentedStatusOfEveryOperationWasProducedAndValidated() {
        ContractLedger ledger = ContractLedger.configured();
        assertThat(ledger.file()).as("the build names the ledger in -D%s", ContractLedger.PROPERTY).isPresent();

        assertThat(ContractCoverage.missing(ContractCoverage.documented(ContractFiles.spec()), ledger.recorded()))
                .as("documented statuses that no test produced (ledger %s)", ledger.file().get())
                .isEmpty();
    }
}
