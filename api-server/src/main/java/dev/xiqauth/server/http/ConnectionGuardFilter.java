package dev.xiqauth.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * Right after Grizzly's TransportFilter: refuses a connection beyond the limit per client address
 * (closed at once), starts each request's head deadline, and notices a client that hangs up while its
 * body is still due.
 */
final class ConnectionGuardFilter extends BaseFilter {
    private final int maxPerAddress;
    private final Predicate<InetAddress> unlimited;
    private final RequestDeadlines deadlines;
    private final Runnable onClientAbort;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /**
     * @param unlimited addresses the limit does not apply to (trusted proxies carry many clients)
     * @param onClientAbort called when a client closes its connection before its request body was complete
     */
    ConnectionGuardFilter(int maxPerAddress, Predicate<InetAddress> unlimited, RequestDeadlines deadlines,
            Runnable onClientAbort) {
        this.maxPerAddress = maxPerAddress;
        this.unlimited = unlimited;
        this.deadlines = deadlines;
        this.onClientAbort = onClientAbort;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        RequestClock clock = RequestClock.attach(connection, deadlines);
        if (maxPerAddress > 0 && connection.getPeerAddress() instanceof InetSocketAddress peer
                && !unlimited.test(peer.getAddress())) {
            InetAddress address = peer.getAddress();
            int count = open.merge(address, 1, Integer::sum);
            CloseListener<Closeable, CloseType> release =
                    (closed, type) -> open.computeIfPresent(address, (key, n) -> n <= 1 ? null : n - 1);
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

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        RequestClock clock = RequestClock.of(ctx.getConnection());
        if (clock != null) {
            clock.headStarted(); // no-op unless the connection was idle between two requests
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        RequestClock clock = RequestClock.of(ctx.getConnection());
        if (clock != null && clock.refuse().was() == RequestClock.Phase.BODY) {
            onClientAbort.run();
        }
        return ctx.getInvokeAction();
    }

    /** @return open connections of one address (tests, metrics) */
    int openConnections(InetAddress address) {
        return open.getOrDefault(address, 0);
    }
}
