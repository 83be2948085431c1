package dev.xiqauth.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * Right after Grizzly's TransportFilter: refuses a connection beyond the limit per client (closed at
 * once), starts the first request's head deadline at accept, throws away what arrives on a connection
 * closing after a refusal ({@link LingeringClose}), and notices a client that hangs up while its body
 * is still due.
 */
final class ConnectionGuardFilter extends BaseFilter {
    private final int maxPerAddress;
    private final Function<InetAddress, Optional<String>> clientKey;
    private final RequestDeadlines deadlines;
    private final Runnable onClientAbort;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /**
     * @param clientKey the key a peer's connections are counted under (an IPv6 client by its network), or
     *     empty for a peer the limit does not apply to (trusted proxies carry many clients)
     * @param onClientAbort called when a client closes its connection before its request body was complete
     */
    ConnectionGuardFilter(int maxPerAddress, Function<InetAddress, Optional<String>> clientKey,
            RequestDeadlines deadlines, Runnable onClientAbort) {
        this.maxPerAddress = maxPerAddress;
        this.clientKey = clientKey;
        this.deadlines = deadlines;
        this.onClientAbort = onClientAbort;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        RequestClock clock = RequestClock.attach(connection, deadlines);
        Optional<String> counted = maxPerAddress > 0 && connection.getPeerAddress() instanceof InetSocketAddress peer
                ? clientKey.apply(peer.getAddress()) : Optional.empty();
        if (counted.isPresent()) {
            String client = counted.get();
            int count = open.merge(client, 1, Integer::sum);
            CloseListener<Closeable, CloseType> release =
                    (closed, type) -> open.computeIfPresent(client, (key, n) -> n <= 1 ? null : n - 1);
            connection.addCloseListener(release); // exactly once per connection, even if already closed
            if (count > maxPerAddress) {
                clock.refuse();
                connection.closeSilently();
                return ctx.getStopAction();
            }
        }
        clock.headStarted();
        return ctx.getInvokeAction();
    }

    /** What a client sends after its request was refused is thrown away here, never parsed. */
    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        return LingeringClose.isDiscarding(ctx.getConnection()) ? ctx.getStopAction() : ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        RequestClock clock = RequestClock.of(ctx.getConnection());
        if (clock != null && clock.refuse().was() == RequestClock.Phase.BODY) {
            onClientAbort.run();
        }
        return ctx.getInvokeAction();
    }
}
