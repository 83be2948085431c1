package dev.xiqauth.server;

import org.glassfish.jersey.test.grizzly.GrizzlyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/** The Authorization API over real HTTP, on Grizzly listening on a free port. */
final class GrizzlyAuthorizationApiTest extends AuthorizationApiContract {
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new GrizzlyTestContainerFactory();
    }
}
