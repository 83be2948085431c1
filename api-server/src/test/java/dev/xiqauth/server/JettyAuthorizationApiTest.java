package dev.xiqauth.server;

import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/** The Authorization API over real HTTP, on Jetty listening on a free port. */
final class JettyAuthorizationApiTest extends AuthorizationApiContract {
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }
}
