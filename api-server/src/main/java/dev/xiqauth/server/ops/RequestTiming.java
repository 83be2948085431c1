package dev.xiqauth.server.ops;

import dev.xiqauth.server.http.RequestAttribute;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Notes when Jersey began a request, before anything else runs, so that the request log and the
 * latency metrics measure the whole of it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class RequestTiming implements ContainerRequestFilter {
    private static final RequestAttribute<Long> STARTED = RequestAttribute.named("xiq.startedNanos", Long.class);

    @Override
    public void filter(ContainerRequestContext request) {
        STARTED.set(request, System.nanoTime());
    }

    /**
     * @param request a request this filter saw
     * @return nanoseconds since it began, or 0 if it was never timed
     */
    static long elapsedNanos(ContainerRequestContext request) {
        return STARTED.find(request).map(started -> System.nanoTime() - started).orElse(0L);
    }
}
