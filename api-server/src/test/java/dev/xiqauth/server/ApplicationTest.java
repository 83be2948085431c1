package dev.xiqauth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xiqauth.client.JSON;
import dev.xiqauth.server.conformance.ContractValidation;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.glassfish.jersey.test.inmemory.InMemoryTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/**
 * The base of tests that run an application on Jersey's test framework: in memory unless a subclass
 * chooses Jetty, on a free port, with a clock the test controls, and a client that reads the
 * generated models and checks every response against the contract.
 */
public abstract class ApplicationTest extends JerseyTest {
    private static final ObjectMapper JSON_WRITER = new ObjectMapper();

    /** Set in {@link #configure()}, which JerseyTest calls before this class's initializers run. */
    protected MutableClock clock;

    @Override
    protected final Application configure() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        clock = new MutableClock(TestServers.START);
        return application(clock);
    }

    /**
     * @param testClock the clock the test controls
     * @return the application under test
     */
    protected abstract Application application(MutableClock testClock);

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new InMemoryTestContainerFactory();
    }

    @Override
    protected void configureClient(ClientConfig config) {
        config.register(new JSON());
        config.register(ContractValidation.shared().clientFilter());
    }

    /**
     * @param username the username to send
     * @param password the password to send
     * @param headers extra headers, as name and value pairs
     * @return the answer to {@code POST /login}, which the caller closes
     */
    protected final Response login(String username, String password, String... headers) {
        ObjectNode body = JSON_WRITER.createObjectNode().put("username", username).put("password", password);
        Invocation.Builder request = target("login").request();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE));
    }
}
