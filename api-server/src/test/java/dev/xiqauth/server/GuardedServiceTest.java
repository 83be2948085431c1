package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.client.XiqApiTokenRequest;
import dev.xiqauth.client.XiqAuthClient;
import dev.xiqauth.client.XiqSession;
import dev.xiqauth.guard.RequiresPermissions;
import dev.xiqauth.guard.XiqPrincipal;
import dev.xiqauth.guard.XiqTokenGuard;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another service, guarded by {@code api-guard}, trusts this server's tokens without its key or its
 * database: it serves a token this server accepts, with the caller's name and permissions, and refuses
 * the same token on the very next request after a logout at this server. It asks with its own credential
 * (RFC 7662), never with the caller's token.
 */
final class GuardedServiceTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "a passphrase for a guarded service";

    @TempDir
    File dataDir;

    /** The protected service's one resource. */
    @Path("whoami")
    public static final class WhoAmI {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @RequiresPermissions("device:r")
        public String whoami(@Context SecurityContext security) {
            XiqPrincipal caller = XiqPrincipal.of(security);
            return caller.getName() + " " + caller.role() + " " + caller.scopes().contains("device:r");
        }
    }

    @Test
    void aGuardedServiceServesATokenOfThisServerAndRefusesItOnTheNextRequestAfterALogout() throws Exception {
        Map<String, String> bootstrap = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                PASSWORD);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RunningServer auth = CompositionRoot.start(
                TestServers.settings(StoreSettings.embedded(dataDir.toPath()), 0, null), new Secrets(bootstrap),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                XiqAuthClient xiq = XiqAuthClient.create(auth.baseUri())) {
            // The service's own credential, made once by an administrator: an API token that may introspect.
            String credential;
            try (XiqSession administrator = xiq.login(USER, PASSWORD)) {
                credential = administrator.generateApiToken(XiqApiTokenRequest.granting("token:introspect"))
                        .getAccessToken();
            }
            XiqTokenGuard guard = XiqTokenGuard.builder(auth.baseUri()).credential(credential)
                    .timeout(Duration.ofSeconds(2)).build();
            Server service = JettyHttpContainerFactory.createServer(URI.create("http://127.0.0.1:0/"),
                    new ResourceConfig(WhoAmI.class).register(guard));
            try {
                URI whoami = URI.create("http://127.0.0.1:" + ((ServerConnector) service.getConnectors()[0])
                        .getLocalPort() + "/whoami");
                XiqSession session = xiq.login(USER, PASSWORD);
                String token = session.accessToken();

                HttpResponse<String> served = http.send(HttpRequest.newBuilder(whoami)
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
                assertThat(served.body()).isEqualTo(USER + " ADMINISTRATOR true");

                session.close();
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(whoami)
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
                assertThat(refused.body()).contains("\"INVALID_TOKEN\"");
            } finally {
                service.stop();
                guard.close();
            }
        }
    }
}
