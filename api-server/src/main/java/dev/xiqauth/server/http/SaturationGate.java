package dev.xiqauth.server.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the requests of a saturated resource (password hashing, whose slots and queue are full)
 * before they reach the application, and slowly: the refusal is held for {@code refusalDelay}, on no
 * thread, then answered 503 with {@code Retry-After}.
 *
 * <p>Why before: a request refused by the application costs its parsing, its JSON body and a store
 * read, and a flood of them takes the cores the hashes that will succeed need. Why slowly: a client
 * that retries at once on a 503 would otherwise retry as fast as the server can refuse, and fifty
 * of them kept the cores busy with refusals (on the same machine, with their own sending too) while
 * successful logins fell to a tenth. Held for a second, each such client costs one cheap refusal a
 * second, and the hashing slots stay busy with the requests that were admitted. A client that honours
 * {@code Retry-After} only waits one second more.
 *
 * <p>The check is a snapshot: a request that passes it while the resource fills is still refused by
 * the resource itself, at once, so the bound holds whatever the race.
 */
public final class SaturationGate extends HttpHandler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SaturationGate.class);

    private final HttpHandler application;
    private final Predicate<Request> guarded;
    private final BooleanSupplier saturated;
    private final Duration refusalDelay;
    private final Runnable onRefused;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<HeldRefusal> held = ConcurrentHashMap.newKeySet();

    /**
     * @param application what serves the requests that are admitted
     * @param guarded which requests need the resource
     * @param saturated whether the resource can take no more now
     * @param refusalDelay how long a refusal is held before it is answered
     * @param onRefused called for each refusal, for the metrics
     */
    public SaturationGate(HttpHandler application, Predicate<Request> guarded, BooleanSupplier saturated,
            Duration refusalDelay, Runnable onRefused) {
        if (refusalDelay.isNegative()) {
            throw new IllegalArgumentException("the refusal delay must not be negative");
        }
        this.application = application;
        this.guarded = guarded;
        this.saturated = saturated;
        this.refusalDelay = refusalDelay;
        this.onRefused = onRefused;
        this.timer = new ScheduledThreadPoolExecutor(1, work -> {
            Thread thread = new Thread(work, "saturation-refusals");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return a predicate matching one method and one exact path */
    public static Predicate<Request> requestsTo(String method, String path) {
        return request -> method.equals(request.getMethod().getMethodString()) && path.equals(request.getRequestURI());
    }

    @Override
    public void start() {
        application.start();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!guarded.test(request) || !saturated.getAsBoolean()) {
            application.service(request, response);
            return;
        }
        onRefused.run();
        response.suspend();
        HeldRefusal refusal = new HeldRefusal(response);
        held.add(refusal);
        try {
            timer.schedule(refusal::answer, refusalDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            refusal.answer();
        }
    }

    /** A suspended response, answered once: by the timer, or by {@link #close} if that comes first. */
    private final class HeldRefusal {
        private final Response response;
        private final AtomicBoolean answered = new AtomicBoolean();

        HeldRefusal(Response response) {
            this.response = response;
        }

        void answer() {
            if (answered.compareAndSet(false, true)) {
                held.remove(this);
                refuse(response);
            }
        }
    }

    private static void refuse(Response response) {
        try {
            HttpLayerErrors.writeServiceUnavailable(response, "a request to a saturated resource");
        } catch (IOException | RuntimeException gone) {
            // The client left while its refusal was held: nothing to answer.
            LOG.debug("a held refusal could not be written", gone);
        } finally {
            response.resume();
        }
    }

    @Override
    public void destroy() {
        application.destroy();
    }

    /** Answers every refusal still held at once, so that a stop never waits for them. */
    @Override
    public void close() {
        timer.shutdownNow();
        List.copyOf(held).forEach(HeldRefusal::answer);
    }
}
