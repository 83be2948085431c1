package dev.xiqauth.server;

/** The Authorization API on Jersey's in-memory container. */
final class InMemoryAuthorizationApiTest extends AuthorizationApiContract {
    @Override
    protected boolean answersAsynchronously() {
        return false;
    }
}
