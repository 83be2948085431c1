package dev.xiqauth.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.eclipse.jetty.server.Request;
import org.glassfish.jersey.internal.inject.InjectionManager;

/**
 * Puts the client's address ({@link ClientAddresses}) on every request, as {@link #CLIENT_ADDRESS},
 * and the key limits count it by ({@link ClientKeys}), as {@link #CLIENT_KEY}, before anything else runs:
 * as the HTTP layer has already resolved them ({@link ClientResolver}), once per connection or request.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class ClientAddressFilter implements ContainerRequestFilter {
    /** The client's address, as text. */
    public static final RequestAttribute<String> CLIENT_ADDRESS = RequestAttribute.named("xiq.clientAddress",
            String.class);
    /** The key the client is counted by in limits: its IPv4 address, or its IPv6 address's network. */
    public static final RequestAttribute<String> CLIENT_KEY = RequestAttribute.named("xiq.clientKey", String.class);

    /** Where no socket is known (the in-memory test container): as {@link ClientAddresses#resolve} says. */
    private static final ClientResolver.ClientIdentity UNKNOWN = new ClientResolver.ClientIdentity("unknown", "unknown");

    private final ClientResolver clients;

    // Only Jetty's container binds its Request, and only inside a request: it is looked up per request, since
    // the in-memory test container has none and an injected field would fail there at start.
    @Context
    private InjectionManager injection;

    public ClientAddressFilter(ClientResolver clients) {
        this.clients = clients;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Request jetty = jettyRequest();
        ClientResolver.ClientIdentity client = jetty == null ? UNKNOWN : clients.of(jetty);
        CLIENT_ADDRESS.set(request, client.address());
        CLIENT_KEY.set(request, client.key());
    }

    private Request jettyRequest() {
        try {
            return injection == null ? null : injection.getInstance(Request.class);
        } catch (RuntimeException notOnJetty) {
            return null;
        }
    }
}
