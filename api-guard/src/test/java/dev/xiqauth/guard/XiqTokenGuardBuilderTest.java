package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The guard's settings: each is checked where it is set, and the builder never changes once made. */
final class XiqTokenGuardBuilderTest {
    private static final XiqTokenGuard.Builder DEFAULTS = XiqTokenGuard.builder(URI.create("http://127.0.0.1:9"))
            .credential("service.credential");

    @Test
    void aGuardIsBuiltOnlyWithTheServicesOwnCredentialAPrintableToken() {
        assertThatThrownBy(() -> XiqTokenGuard.builder(URI.create("http://127.0.0.1:9")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("credential")
                .hasMessageContaining("token:introspect");
        for (String notAToken : new String[] {null, "", "   ", "two words", "line\nbreak", "\u00e9t\u00e9"}) {
            assertThatThrownBy(() -> DEFAULTS.credential(notAToken)).as(String.valueOf(notAToken))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
        }
        assertThatThrownBy(() -> DEFAULTS.credential("a secret")).as("the message never echoes a credential")
                .hasMessageNotContaining("secret");
        DEFAULTS.credential(" service.credential\n").build().close();
    }

    @Test
    void onlyAnAbsoluteHttpUriNamesTheAuthServer() {
        assertThatThrownBy(() -> XiqTokenGuard.builder(URI.create("auth.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XiqTokenGuard.builder(URI.create("ftp://auth.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XiqTokenGuard.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void realmMustFitInAQuotedString() {
        assertThatThrownBy(() -> DEFAULTS.realm("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.realm("a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.realm("a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.realm("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutAndCacheSizeMustBePositive() {
        assertThatThrownBy(() -> DEFAULTS.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.timeout(Duration.ofNanos(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.cacheSize(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
