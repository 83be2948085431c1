package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.JSON;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.server.ApplicationTest;
import dev.xiqauth.server.MutableClock;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.Test;

/**
 * The contract check hooked into the test client catches a server that breaks the contract: a
 * stand-in server answers what the test tells it to, and the generated client's call must fail
 * (Jersey hands the check's AssertionError on inside a ProcessingException, with its message).
 */
final class ContractValidationTest extends ApplicationTest {
    /** Set in {@link #application}, which JerseyTest calls before this class's initializers run. */
    private AtomicReference<Response> nextAnswer;

    @Path("")
    public static final class StandIn {
        private final AtomicReference<Response> answer;

        StandIn(AtomicReference<Response> answer) {
            this.answer = answer;
        }

        @POST
        @Path("login")
        public Response login() {
            return answer.get();
        }

        @POST
        @Path("logout")
        public Response logout() {
            return answer.get();
        }
    }

    /** Over real HTTP, on Jetty. */
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }

    @Override
    protected Application application(MutableClock testClock) {
        nextAnswer = new AtomicReference<>();
        return new ResourceConfig().register(new StandIn(nextAnswer));
    }

    @Override
    protected void configureClient(ClientConfig config) {
        config.register(new JSON());
        // A ledger of its own: what the stand-in answers must not count as the server's coverage.
        config.register(new ContractValidation(ContractFiles.spec(), new ContractLedger(Optional.empty())).clientFilter());
    }

    private Throwable loginAnswered(Response answer) {
        nextAnswer.set(answer);
        ApiClient client = new ApiClient().setHttpClient(client())
                .setBasePath(target().getUri().toString().replaceAll("/$", ""));
        return catchThrowable(() -> new AuthenticationApi(client).login(new XiqLoginRequest("jane", "secret")));
    }

    private static Response json(int status, String body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate").header("Pragma", "no-cache")
                .build();
    }

    @Test
    void aConformingLoginResponsePasses() {
        assertThat(loginAnswered(json(200, "{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\",\"expires_in\":60}")))
                .isNull();
    }

    @Test
    void aLoginResponseMissingARequiredFieldFailsTheTest() {
        assertThat(loginAnswered(json(200, "{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\"}")))
                .hasMessageContaining("response violates the contract").hasMessageContaining("expires_in");
    }

    @Test
    void aLoginResponseWithoutTheRequiredNoStoreHeaderFailsTheTest() {
        assertThat(loginAnswered(Response.ok("{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\",\"expires_in\":60}",
                MediaType.APPLICATION_JSON_TYPE).build()))
                .hasMessageContaining("response violates the contract").hasMessageContaining("Cache-Control");
    }

    @Test
    void anErrorWhoseBodyIsNotAnXiqErrorFailsTheTest() {
        assertThat(loginAnswered(json(401, "{\"message\":\"no\"}")))
                .hasMessageContaining("response violates the contract").hasMessageContaining("error_code");
    }

    @Test
    void aStatusTheContractDoesNotDocumentFailsTheTest() {
        assertThat(loginAnswered(json(418, "{\"error_code\":\"TEAPOT\",\"error_id\":\"1\",\"error_message\":\"m\","
                + "\"error_message_description\":\"d\"}")))
                .hasMessageContaining("response violates the contract").hasMessageContaining("418");
    }

    @Test
    void anErrorOutsideTheContractMustStillBeAnXiqError() {
        ContractValidation validation = new ContractValidation(ContractFiles.spec(), new ContractLedger(Optional.empty()));

        Throwable htmlPage = catchThrowable(() -> validation.check(new ContractValidation.Exchange("GET", "/nowhere",
                404, Map.of("Content-Type", java.util.List.of("text/html")), "<html/>".getBytes())));

        assertThat(htmlPage).isInstanceOf(AssertionError.class)
                .hasMessageContaining("response violates the contract").hasMessageContaining("text/html");
    }
}
