package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ConditionalHandler;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Limits the requests one client holds in progress, from here to their response (their bodies still
 * arriving included), so that a few clients can never hold the places Jetty's {@code QoSHandler}, behind
 * this one, keeps for everyone: one more is answered 503 without its body being read, after a delay on no
 * thread ({@link HttpLayerErrors#heldRefusals}), so that a client retrying at once costs a refusal per delay.
 *
 * <p>Jetty's {@code ThreadLimitHandler} counts the threads a remote address uses, not its requests in
 * progress (a slow body uses no thread), and keys by the address the socket or a forwarded header gives;
 * this counts requests by the client as the server resolves it (trusted proxies first, IPv6 by network).
 */
public final class ClientAdmission extends ConditionalHandler.ElseNext {
    private final InProgressCounts inProgress;
    private final Function<Request, Optional<String>> clientKey;
    private final Runnable onRefused;
    private final DoSHandler.DelayedRejectHandler refusals;

    /**
     * @param next what serves the requests admitted
     * @param maxPerClient requests one client may hold at once
     * @param clientKey the key a request's client is counted under, or empty for one that is not limited
     * @param onRefused called for each refusal, for the metrics
     * @param refusalDelay how long a refusal is held before it is answered
     */
    public ClientAdmission(Handler next, int maxPerClient, Function<Request, Optional<String>> clientKey,
            Runnable onRefused, Duration refusalDelay) {
        super(next);
        this.inProgress = new InProgressCounts(maxPerClient);
        this.clientKey = clientKey;
        this.onRefused = onRefused;
        this.refusals = HttpLayerErrors.heldRefusals(refusalDelay, "a request beyond its client's limit", true);
        addBean(refusals);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        refusals.setServer(server); // a bean, not the wrapped handler: Jetty does not pass the server on to it
    }

    @Override
    protected boolean onConditionsMet(Request request, Response response, Callback callback) throws Exception {
        Optional<String> key = clientKey.apply(request);
        if (key.isEmpty()) {
            return nextHandler(request, response, callback);
        }
        String client = key.get();
        Optional<Runnable> admitted = inProgress.tryAcquire(client);
        if (admitted.isEmpty()) {
            onRefused.run();
            return refusals.handle(request, response, callback);
        }
        Runnable release = admitted.get();
        Callback releasing = Callback.from(callback, release);
        try {
            if (nextHandler(request, response, releasing)) {
                return true;
            }
        } catch (Exception failure) {
            release.run();
            throw failure;
        }
        release.run();
        return false;
    }

    /** @return the clients holding requests now */
    public int clientsInProgress() {
        return inProgress.clients();
    }
}
