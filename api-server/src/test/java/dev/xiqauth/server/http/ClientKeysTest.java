package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ClientKeysTest {
    private final ClientKeys byDefault = new ClientKeys(ClientKeys.DEFAULT_IPV6_PREFIX_LENGTH);

    @Test
    void anIpv4ClientIsCountedByItsFullAddress() {
        assertThat(byDefault.keyOf("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(byDefault.keyOf("198.51.100.8")).isNotEqualTo(byDefault.keyOf("198.51.100.7"));
    }

    @Test
    void twoAddressesInOneIpv6SlashSixtyFourShareAKey() {
        assertThat(byDefault.keyOf("2001:db8:1:2::1")).isEqualTo(byDefault.keyOf("2001:db8:1:2:ffff:ffff:ffff:fffe"))
                .isEqualTo(byDefault.keyOf("2001:DB8:1:2:0:0:0:7"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void addressesInDifferentSlashSixtyFoursDoNot() {
        assertThat(byDefault.keyOf("2001:db8:1:2::1")).isNotEqualTo(byDefault.keyOf("2001:db8:1:3::1"));
        assertThat(byDefault.keyOf("2001:db8:1:2::1")).isNotEqualTo(byDefault.keyOf("2001:db9:1:2::1"));
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsTheIpv4AddressItCarries() {
        assertThat(byDefault.keyOf("::ffff:1.2.3.4")).isEqualTo(byDefault.keyOf("1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(byDefault.keyOf("::ffff:1.2.3.5")).isNotEqualTo(byDefault.keyOf("::ffff:1.2.3.4"));
    }

    @Test
    void theConfiguredPrefixDecidesWhichBitsNameTheClient() {
        ClientKeys slash48 = new ClientKeys(48);
        ClientKeys fullAddresses = new ClientKeys(128);
        ClientKeys slash57 = new ClientKeys(57);

        assertThat(slash48.keyOf("2001:db8:1:2::1")).isEqualTo(slash48.keyOf("2001:db8:1:ff::1"))
                .isEqualTo("2001:db8:1:0:0:0:0:0/48");
        assertThat(fullAddresses.keyOf("2001:db8:1:2::1")).isNotEqualTo(fullAddresses.keyOf("2001:db8:1:2::2"))
                .isEqualTo("2001:db8:1:2:0:0:0:1/128");
        assertThat(slash57.keyOf("2001:db8:1:27f::1")).as("the first bit of the fourth group's second byte counts")
                .isEqualTo(slash57.keyOf("2001:db8:1:200::1")).isNotEqualTo(slash57.keyOf("2001:db8:1:280::1"));
        assertThat(slash48.keyOf("198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void textThatIsNoAddressIsItsOwnKey() {
        assertThat(byDefault.keyOf("unknown")).isEqualTo("unknown");
        assertThat(byDefault.keyOf("invalid-forwarded-address")).isEqualTo("invalid-forwarded-address");
        assertThat(byDefault.keyOf(":::")).isEqualTo(":::");
    }

    @Test
    void aPrefixOutsideThirtyTwoToOneHundredTwentyEightIsRefused() {
        assertThatThrownBy(() -> new ClientKeys(31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientKeys(129)).isInstanceOf(IllegalArgumentException.class);
    }
}
