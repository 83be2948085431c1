package dev.xiqauth.server.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class GuardStreamsLeaseKeyTest {
    private static final String LONGEST_VIEW = "v".repeat(64);

    @Test
    void oneNameIsOneLeaseWithinACredentialAndAnotherInAnother() {
        String guard = GuardStreams.leaseKey("guard-0123456789abcdef", "svc@example.com (credential aaaa)");

        assertThat(GuardStreams.leaseKey("guard-0123456789abcdef", "svc@example.com (credential aaaa)"))
                .as("the same on every instance").isEqualTo(guard);
        assertThat(GuardStreams.leaseKey("guard-0123456789abcdef", "svc@example.com (credential bbbb)"))
                .as("another credential's").isNotEqualTo(guard);
        assertThat(GuardStreams.leaseKey("guard-0123456789abcdeg", "svc@example.com (credential aaaa)"))
                .as("another name's").isNotEqualTo(guard);
    }

    @Test
    void aKeyFitsTheStoresColumnWhateverTheNamesLength() {
        assertThat(GuardStreams.leaseKey(LONGEST_VIEW, "x".repeat(500))).hasSizeLessThanOrEqualTo(64)
                .matches("[A-Za-z0-9_-]+");
    }
}
