package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses the requests of a saturated resource (password hashing, whose slots and queue are full)
 * before they reach the application, and slowly: Jetty's {@link DoSHandler.DelayedRejectHandler} holds each
 * refusal for {@code refusalDelay} on Jetty's scheduler, on no thread, then it is answered 503 with
 * {@code Retry-After}. Jetty's {@code QoSHandler} bounds the requests in progress, not the use of one
 * resource, and its {@code DoSHandler} the rate of a client's requests, not a resource's saturation.
 *
 * <p>Why before: a request refused by the application costs its parsing, its JSON body and a store
 * read, and a flood of them takes the cores the hashes that will succeed need. Why slowly: a client
 * that retries at once on a 503 would otherwise retry as fast as the server can refuse, and fifty
 * of them kept the cores busy with refusals while successful logins fell to a tenth. Held for a second,
 * each such client costs one cheap refusal a second. A client that honours {@code Retry-After} only
 * waits one second more. A stop waits for the refusals held, at most the delay.
 *
 * <p>The check is a snapshot: a request that passes it while the resource fills is still refused by
 * the resource itself, at once, so the bound holds whatever the race.
 */
public final class SaturationGate extends Handler.Wrapper {
    private final Predicate<Request> guarded;
    private final BooleanSupplier saturated;
    private final Runnable onRefused;
    private final DoSHandler.DelayedRejectHandler refusals;

    /**
     * @param application what serves the requests that are admitted
     * @param guarded which requests need the resource
     * @param saturated whether the resource can take no more now
     * @param refusalDelay how long a refusal is held before it is answered
     * @param onRefused called for each refusal, for the metrics
     */
    public SaturationGate(Handler application, Predicate<Request> guarded, BooleanSupplier saturated,
            Duration refusalDelay, Runnable onRefused) {
        super(application);
        if (refusalDelay.isNegative()) {
            throw new IllegalArgumentException("the refusal delay must not be negative");
        }
        this.guarded = guarded;
        this.saturated = saturated;
        this.onRefused = onRefused;
        this.refusals = HttpLayerErrors.heldRefusals(refusalDelay, "a request to a saturated resource", false);
        addBean(refusals);
    }

    /** @return a predicate matching one method and one exact path */
    public static Predicate<Request> requestsTo(String method, String path) {
        return request -> method.equals(request.getMethod()) && path.equals(request.getHttpURI().getPath());
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        refusals.setServer(server); // a bean, not the wrapped handler: Jetty does not pass the server on to it
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!guarded.test(request) || !saturated.getAsBoolean()) {
            return super.handle(request, response, callback);
        }
        onRefused.run();
        return refusals.handle(request, response, callback);
    }
}
