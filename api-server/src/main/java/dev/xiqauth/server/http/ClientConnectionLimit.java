package dev.xiqauth.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Closes at once a connection beyond the limit of open connections per client (an IPv4 address, an IPv6
 * network), on the listener it is registered with. Jetty's {@code NetworkConnectionLimit} and
 * {@code ConnectionLimit} bound the connections of all clients together; none bounds one client's.
 * Trusted proxies carry many clients and are not limited.
 */
public final class ClientConnectionLimit implements Connection.Listener {
    private final int maxPerClient;
    private final Function<InetAddress, Optional<String>> clientKey;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Connection, String> counted = new ConcurrentHashMap<>();

    /**
     * @param maxPerClient open connections one client may hold
     * @param clientKey the key a peer's connections are counted under, or empty for one that is not limited
     */
    public ClientConnectionLimit(int maxPerClient, Function<InetAddress, Optional<String>> clientKey) {
        this.maxPerClient = maxPerClient;
        this.clientKey = clientKey;
    }

    @Override
    public void onOpened(Connection connection) {
        // The network's connection only: over TLS, the HTTP connection above it is opened too.
        if (!(connection.getEndPoint() instanceof SocketChannelEndPoint endPoint)
                || !(endPoint.getRemoteSocketAddress() instanceof InetSocketAddress peer)) {
            return;
        }
        Optional<String> key = clientKey.apply(peer.getAddress());
        if (key.isEmpty()) {
            return;
        }
        int count = open.merge(key.get(), 1, Integer::sum);
        counted.put(connection, key.get());
        if (count > maxPerClient) {
            endPoint.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String client = counted.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (ignored, n) -> n <= 1 ? null : n - 1);
        }
    }
}
