package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses the requests of a saturated resource (password hashing, whose slots and queue are full)
 * before they reach the application, and slowly: the refusal is held for {@code refusalDelay} on Jetty's
 * scheduler, on no thread, then answered 503 with {@code Retry-After}. Jetty's {@code QoSHandler} bounds
 * the requests in progress, not the use of one resource, and refuses at once.
 *
 * <p>Why before: a request refused by the application costs its parsing, its JSON body and a store
 * read, and a flood of them takes the cores the hashes that will succeed need. Why slowly: a client
 * that retries at once on a 503 would otherwise retry as fast as the server can refuse, and fifty
 * of them kept the cores busy with refusals while successful logins fell to a tenth. Held for a second,
 * each such client costs one cheap refusal a second. A client that honours {@code Retry-After} only
 * waits one second more.
 *
 * <p>The check is a snapshot: a request that passes it while the resource fills is still refused by
 * the resource itself, at once, so the bound holds whatever the race.
 */
public final class SaturationGate extends Handler.Wrapper implements AutoCloseable {
    private final Predicate<Request> guarded;
    private final BooleanSupplier saturated;
    private final Duration refusalDelay;
    private final Runnable onRefused;
    private final Set<HeldRefusal> held = ConcurrentHashMap.newKeySet();

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
        this.refusalDelay = refusalDelay;
        this.onRefused = onRefused;
    }

    /** @return a predicate matching one method and one exact path */
    public static Predicate<Request> requestsTo(String method, String path) {
        return request -> method.equals(request.getMethod()) && path.equals(request.getHttpURI().getPath());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!guarded.test(request) || !saturated.getAsBoolean()) {
            return super.handle(request, response, callback);
        }
        onRefused.run();
        HeldRefusal refusal = new HeldRefusal(request, response, callback);
        held.add(refusal);
        try {
            request.getComponents().getScheduler().schedule(refusal::answer, refusalDelay.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RuntimeException stopping) {
            refusal.answer();
        }
        return true;
    }

    /** A refusal held back, answered once: by the scheduler, or by {@link #close} if that comes first. */
    private final class HeldRefusal {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final AtomicBoolean answered = new AtomicBoolean();

        HeldRefusal(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void answer() {
            if (answered.compareAndSet(false, true)) {
                held.remove(this);
                HttpLayerErrors.refuse(request, response, callback, 503, "a request to a saturated resource", false);
            }
        }
    }

    /** Answers every refusal still held at once, so that a stop never waits for them. */
    @Override
    public void close() {
        List.copyOf(held).forEach(HeldRefusal::answer);
    }
}
