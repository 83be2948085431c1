package dev.xiqauth.server;

import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/** The API contract over real HTTP, on Jetty listening on a free port. */
final class JettyAuthenticationApiTest extends AuthenticationApiContract {
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }
}
