package dev.xiqauth.server.ops;

import dev.xiqauth.server.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Times every request into the histogram {@code xiq_auth_requests_seconds}, by operation, method
 * and status, so that latency percentiles per operation can be computed from the buckets.
 */
// Response filters run from the highest priority down: this one runs after every filter that
// changes the status or the headers (an OPTIONS answer becomes 204 in one of them).
@Priority(1)
public final class RequestMetricsFilter implements ContainerResponseFilter {
    private final LatencyTimers timers;

    public RequestMetricsFilter(MeterRegistry registry) {
        this.timers = new LatencyTimers(registry, "xiq.auth.requests", "Requests served, by operation, method and status",
                "operation", "method", "status");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        ResponseFacts facts = ResponseFacts.of(request, response);
        timers.record(facts.elapsedNanos(), facts.operation(), facts.method(), Integer.toString(facts.status()));
    }
}
