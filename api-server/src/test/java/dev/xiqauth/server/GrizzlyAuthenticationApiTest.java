package dev.xiqauth.server;

import org.glassfish.jersey.test.grizzly.GrizzlyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/** The API contract over real HTTP, on Grizzly listening on a free port. */
final class GrizzlyAuthenticationApiTest extends AuthenticationApiContract {
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new GrizzlyTestContainerFactory();
    }
}
