package dev.xiqauth.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.Optional;
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
    private final CurrentJettyRequest jettyRequest;

    // Jersey's own Jetty container outside this server's handlers (the tests' JerseyTest containers) publishes
    // no request: there it is looked up through Jersey's injection (the in-memory container has none at all).
    @Context
    private InjectionManager injection;

    /**
     * @param clients how a Jetty request's client is resolved
     * @param jettyRequest the Jetty request being handled; none in the in-memory test container
     */
    public ClientAddressFilter(ClientResolver clients, CurrentJettyRequest jettyRequest) {
        this.clients = clients;
        this.jettyRequest = jettyRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ClientResolver.ClientIdentity client = jettyRequest.get().or(this::injectedJettyRequest).map(clients::of)
                .orElse(UNKNOWN);
        CLIENT_ADDRESS.set(request, client.address());
        CLIENT_KEY.set(request, client.key());
    }

    private Optional<Request> injectedJettyRequest() {
        try {
            return Optional.ofNullable(injection == null ? null : injection.getInstance(Request.class));
        } catch (RuntimeException notOnJetty) {
            return Optional.empty();
        }
    }
}
