package dev.xiqauth.server.http;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * Who a request comes from: its address ({@link ClientAddresses}) and the key limits count it by
 * ({@link ClientKeys}), worked out once per request and, for a peer that is not a trusted proxy (whose
 * connection carries one client only), once per connection: the answer is kept with the request and with
 * its connection, and whoever asks next (the connection limit, the per-client admission, then Jersey's
 * filter) reads it there.
 */
public final class ClientResolver {
    private static final String ATTRIBUTE = ClientIdentity.class.getName();

    private final ClientAddresses addresses;
    private final ClientKeys keys;

    /** A client's address, as text, and the key it is counted by. */
    public record ClientIdentity(String address, String key) {
    }

    public ClientResolver(ClientAddresses addresses, ClientKeys keys) {
        this.addresses = addresses;
        this.keys = keys;
    }

    /**
     * @param request a request on one of Jetty's connections
     * @return its client
     */
    public ClientIdentity of(Request request) {
        if (request.getAttribute(ATTRIBUTE) instanceof ClientIdentity known) {
            return known;
        }
        ConnectionMetaData connection = request.getConnectionMetaData();
        ClientIdentity identity = direct(connection).orElseGet(() -> identity(addresses.resolve(
                Request.getRemoteAddr(request), request.getHeaders().get(HttpHeader.X_FORWARDED_FOR),
                request.getHeaders().get(HttpHeader.FORWARDED))));
        request.setAttribute(ATTRIBUTE, identity);
        return identity;
    }

    /**
     * @param connection one of Jetty's connections
     * @return the key its client's connections are counted under, or empty for a trusted proxy's
     */
    public Optional<String> connectionKeyOf(ConnectionMetaData connection) {
        return direct(connection).map(ClientIdentity::key);
    }

    /** @return the connection's one client, worked out at its first ask and kept with it; empty behind a proxy */
    private Optional<ClientIdentity> direct(ConnectionMetaData connection) {
        if (connection.getAttribute(ATTRIBUTE) instanceof ClientIdentity known) {
            return Optional.of(known);
        }
        if (!(connection.getRemoteSocketAddress() instanceof InetSocketAddress peer) || peer.getAddress() == null
                || addresses.isTrustedProxy(peer.getAddress().getHostAddress())) {
            return Optional.empty();
        }
        ClientIdentity identity = identity(peer.getAddress().getHostAddress());
        connection.setAttribute(ATTRIBUTE, identity);
        return Optional.of(identity);
    }

    /** @return the key a request's client is counted under, for {@link ClientAdmission} */
    public Optional<String> keyOf(Request request) {
        return Optional.of(of(request).key());
    }

    private ClientIdentity identity(String address) {
        return new ClientIdentity(address, keys.keyOf(address));
    }
}
