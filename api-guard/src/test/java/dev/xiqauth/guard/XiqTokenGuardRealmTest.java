package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A guard built from a shared builder: its realm is the one set, and a later setter on the template changed nothing. */
final class XiqTokenGuardRealmTest extends GuardedServiceTest {
    @Override
    protected XiqTokenGuard.Builder guard(XiqTokenGuard.Builder settings) {
        XiqTokenGuard.Builder template = settings.realm("inventory");
        template.realm("discarded");
        return template;
    }

    @Test
    void challengesNameTheConfiguredRealm() {
        Response missing = target("whoami").request().get();
        Response refused = get("whoami", "revoked.or.forged");

        assertThat(missing.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"inventory\"");
        assertThat(refused.getHeaderString("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"inventory\", error=\"invalid_token\"");
    }
}
