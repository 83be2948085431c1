package dev.xiqauth.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.jersey.internal.inject.InjectionManager;

/**
 * Puts the client's address ({@link ClientAddresses}) on every request, as {@link #CLIENT_ADDRESS},
 * before anything else runs.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class ClientAddressFilter implements ContainerRequestFilter {
    /** The client's address, as text. */
    public static final RequestAttribute<String> CLIENT_ADDRESS = RequestAttribute.named("xiq.clientAddress",
            String.class);

    private final ClientAddresses addresses;

    // Only Grizzly binds its Request, and only inside a request: it is looked up per request, since the
    // in-memory test container has none and an injected field would fail there at start.
    @Context
    private InjectionManager injection;

    public ClientAddressFilter(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        CLIENT_ADDRESS.set(request, addresses.resolve(peer(), request.getHeaderString("X-Forwarded-For"),
                request.getHeaderString("Forwarded")));
    }

    /** The socket peer; containers other than Grizzly (the in-memory test container) have none. */
    private String peer() {
        try {
            Request request = injection == null ? null : injection.getInstance(Request.class);
            return request == null ? null : request.getRemoteAddr();
        } catch (RuntimeException notOnGrizzly) {
            return null;
        }
    }
}
