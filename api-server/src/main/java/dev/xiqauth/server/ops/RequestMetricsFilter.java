package dev.xiqauth.server.ops;

import dev.xiqauth.server.metrics.LatencyBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into the histogram {@code xiq_auth_requests_seconds}, by operation, method
 * and status, so that latency percentiles per operation can be computed from the buckets.
 */
// Response filters run from the highest priority down: this one runs after every filter that
// changes the status or the headers (an OPTIONS answer becomes 204 in one of them).
@Priority(1)
public final class RequestMetricsFilter implements ContainerResponseFilter {
    private final MeterRegistry registry;

    public RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        ResponseFacts facts = ResponseFacts.of(request, response);
        Timer.builder("xiq.auth.requests")
                .description("Requests served, by operation, method and status")
                .tag("operation", facts.operation())
                .tag("method", facts.method())
                .tag("status", Integer.toString(facts.status()))
                .serviceLevelObjectives(LatencyBuckets.boundaries())
                .register(registry)
                .record(facts.elapsedNanos(), TimeUnit.NANOSECONDS);
    }
}
