package dev.xiqauth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.http.HttpLimits;
import dev.xiqauth.server.user.Argon2Parameters;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule of the settings is checked where the value is built, with one message that names the setting. */
final class ServerSettingsTest {
    private static final StoreSettings STORE = StoreSettings.embedded(Path.of("data"));

    @Test
    void defaultsAreValidAndServeOnPort8081WithTheStoresKeys() {
        ServerSettings settings = ServerSettings.defaults(STORE);

        assertThat(settings.http().port()).isEqualTo(8081);
        assertThat(settings.tokens().signingKeyFile()).isEmpty();
        assertThat(settings.tokens().issuerFor(Optional.empty(), 8081)).isEqualTo("http://localhost:8081");
        assertThat(settings.store().dataDir()).contains(Path.of("data"));
    }

    @Test
    void aPortOutOfRangeIsNamed() {
        assertThatThrownBy(() -> HttpSettings.defaults().withAddress("127.0.0.1", 70_000))
                .hasMessage("--port must be between 0 and 65535, got 70000");
    }

    @Test
    void theOperationsPortMustDifferFromTheApiPort() {
        assertThatThrownBy(() -> HttpSettings.defaults().withOperationsAddress("127.0.0.1", 8081))
                .hasMessageStartingWith("--ops-port must be between 0 and 65535 and differ from --port");
    }

    @Test
    void anOperationsHostNeedsAnOperationsPort() {
        assertThatThrownBy(() -> new HttpSettings("0.0.0.0", 8081, Optional.empty(), Optional.of("127.0.0.1"),
                Optional.empty(), List.of(), 64, Duration.ZERO, HttpLimits.DEFAULTS, Optional.empty()))
                .hasMessage("--ops-host needs --ops-port");
    }

    @Test
    void aRelativePublicUrlIsRefused() {
        assertThatThrownBy(() -> new HttpSettings("0.0.0.0", 8081, Optional.empty(), Optional.empty(),
                Optional.of(URI.create("/auth")), List.of(), 64, Duration.ZERO, HttpLimits.DEFAULTS, Optional.empty()))
                .hasMessage("--public-url must be an absolute http(s) URL, got /auth");
    }

    @Test
    void aTrustedProxyThatIsNoAddressIsNamed() {
        assertThatThrownBy(() -> HttpSettings.defaults().withTrustedProxies(List.of("10.0.0.0/8", "proxy.local")))
                .hasMessageStartingWith("--trusted-proxies: ").hasMessageContaining("proxy.local");
    }

    @Test
    void requestTimeoutsMustBePositiveAndTheConnectionLimitNotNegative() {
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(5)))
                .hasMessage("--http-head-timeout must be a positive number of seconds, got 0");
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(-1)))
                .hasMessage("--http-body-timeout must be a positive number of seconds, got -1");
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withKeepAliveIdle(Duration.ZERO))
                .hasMessage("--keep-alive-timeout must be a positive number of seconds, got 0");
        assertThatThrownBy(() -> HttpLimits.DEFAULTS.withMaxConnectionsPerClient(-1))
                .hasMessage("--max-connections-per-client must be 0 (no limit) or more, got -1");
        assertThat(HttpLimits.DEFAULTS.withMaxConnectionsPerClient(0).maxConnectionsPerClient()).isZero();
    }

    @Test
    void anIpv6PrefixLengthOutsideItsRangeIsNamed() {
        assertThat(ThrottleSettings.defaults().ipv6PrefixLength()).isEqualTo(64);
        assertThatThrownBy(() -> ThrottleSettings.defaults().withIpv6PrefixLength(31))
                .hasMessage("--ipv6-prefix-length must be between 32 and 128, got 31");
        assertThatThrownBy(() -> ThrottleSettings.defaults().withIpv6PrefixLength(129))
                .hasMessage("--ipv6-prefix-length must be between 32 and 128, got 129");
        assertThat(ThrottleSettings.defaults().withIpv6PrefixLength(128).ipv6PrefixLength()).isEqualTo(128);
    }

    @Test
    void aNegativeShutdownGraceIsRefused() {
        assertThatThrownBy(() -> HttpSettings.defaults().withShutdownGrace(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("--shutdown-grace must not be negative");
    }

    @Test
    void aTokenLifetimeOfZeroIsRefused() {
        assertThatThrownBy(() -> TokenIssuingSettings.defaults().withLifetime(Duration.ZERO))
                .hasMessageStartingWith("--token-lifetime must be between 1 and");
    }

    @Test
    void aRealmThatWouldBreakTheChallengeIsRefused() {
        assertThatThrownBy(() -> new TokenIssuingSettings(Optional.empty(), Duration.ofHours(1), "x\"y",
                Optional.empty())).hasMessage("--realm must be printable ASCII without quotes or backslashes");
    }

    @Test
    void hashingNeedsOneHashAtATimeAtLeast() {
        assertThatThrownBy(() -> new HashingSettings(Argon2Parameters.OWASP_MINIMUM, 0, 0))
                .hasMessage("--hash-concurrency must be at least 1, got 0");
        assertThatThrownBy(() -> new HashingSettings(Argon2Parameters.OWASP_MINIMUM, 1, -1))
                .hasMessage("--hash-queue must be at least 0, got -1");
    }

    @Test
    void waitingLoginsMustNeverTakeEveryRequestThread() {
        ServerSettings settings = ServerSettings.defaults(STORE);

        assertThatThrownBy(() -> settings.withHttp(settings.http().withWorkerThreads(10))
                .withHashing(new HashingSettings(Argon2Parameters.OWASP_MINIMUM, 4, 8)))
                .hasMessageStartingWith("--worker-threads must exceed --hash-concurrency plus --hash-queue by at "
                        + "least 2");
    }

    @Test
    void theIssuerIsTheConfiguredOneElseThePublicUrlElseTheLocalUrl() {
        TokenIssuingSettings tokens = TokenIssuingSettings.defaults();

        assertThat(tokens.withIssuer("https://issuer.example").issuerFor(Optional.empty(), 1)).isEqualTo(
                "https://issuer.example");
        assertThat(tokens.issuerFor(Optional.of(URI.create("https://auth.example")), 1)).isEqualTo(
                "https://auth.example");
        assertThat(tokens.issuerFor(Optional.empty(), 4321)).isEqualTo("http://localhost:4321");
    }
}
