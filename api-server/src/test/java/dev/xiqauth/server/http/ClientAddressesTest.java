package dev.xiqauth.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ClientAddressesTest {
    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "::1"));

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverTheHeadersSay() {
        ClientAddresses direct = new ClientAddresses(List.of());

        assertThat(direct.resolve("203.0.113.5", "1.2.3.4", "for=5.6.7.8")).isEqualTo("203.0.113.5");
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() {
        assertThat(behindProxies.resolve("10.1.2.3", "198.51.100.7", null)).isEqualTo("198.51.100.7");
        assertThat(behindProxies.resolve("203.0.113.5", "198.51.100.7", null)).isEqualTo("203.0.113.5");
    }

    @Test
    void theNearestUntrustedHopWinsSoAClientCannotPrependAnAddress() {
        assertThat(behindProxies.resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9", null))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void forwardedHeaderIsReadToo() {
        assertThat(behindProxies.resolve("::1", null, "for=\"[2001:db8::1]:4711\";proto=https"))
                .isEqualTo("2001:db8::1");
        assertThat(behindProxies.resolve("::1", null, "for=192.0.2.60;proto=http, for=10.0.0.2"))
                .isEqualTo("192.0.2.60");
    }

    @Test
    void anIpv4MappedIpv6AddressIsAnAddressAndMeetsTheIpv4Blocks() {
        assertThat(behindProxies.resolve("10.1.2.3", "::ffff:198.51.100.7", null)).isEqualTo("::ffff:198.51.100.7");
        assertThat(behindProxies.resolve("::ffff:10.1.2.3", "198.51.100.7", null)).as("a trusted proxy, mapped")
                .isEqualTo("198.51.100.7");
    }

    @Test
    void garbageInAForwardedHeaderIsNotTakenForAnAddress() {
        assertThat(behindProxies.resolve("10.1.2.3", "evil.example\r\nX: y", null))
                .isEqualTo("invalid-forwarded-address");
    }

    @Test
    void forwardedTextThatLooksLikeButIsNoAddressIsNotTakenForOne() {
        assertThat(behindProxies.resolve("10.1.2.3", ":::", null)).isEqualTo("invalid-forwarded-address");
        assertThat(behindProxies.resolve("10.1.2.3", "fe80::1%nosuch", null)).isEqualTo("invalid-forwarded-address");
    }

    @Test
    void unknownPeerIsNamedSo() {
        assertThat(behindProxies.resolve(null, "198.51.100.7", null)).isEqualTo("unknown");
    }

    @Test
    void trustedProxiesMustBeLiteralAddressesOrBlocks() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal"))).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33"))).hasMessageContaining("CIDR");
    }
}
