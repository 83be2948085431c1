package dev.xiqauth.server;

import org.glassfish.jersey.test.inmemory.InMemoryTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;

/** The API contract on Jersey's in-memory container: the whole application, no network. */
final class InMemoryAuthenticationApiTest extends AuthenticationApiContract {
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new InMemoryTestContainerFactory();
    }
}
