package dev.xiqauth.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;

/**
 * What keeps the API's listener serving under floods, each limit of {@link HttpLimits} on the mechanism
 * that enforces it. Per connection: the total, per client and the head deadline ({@link ConnectionGuard}),
 * and the keep-alive idle timeout (Jetty's connector). Per request, in this order: per client
 * ({@link ClientAdmission}), in total (Jetty's {@link QoSHandler}: a request beyond waits up to a second for
 * a place, then 503), then the body read whole, bounded and in time ({@link RequestBodyReader}). Health
 * probes pass the request limits: a flood must not have an orchestrator restart a healthy instance.
 */
public final class ApiGuards {
    /** Paths never refused for load: liveness and readiness. */
    private static final String HEALTH = "/health/*";
    /** How long a request beyond the places in progress may wait for one. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(1);
    /** How long a refusal of a client beyond its limit is held: its immediate retries cost one refusal a second. */
    private static final Duration REFUSAL_DELAY = Duration.ofSeconds(1);

    private final HttpLimits limits;
    private final Function<ConnectionMetaData, Optional<String>> peerKey;
    private final Function<Request, Optional<String>> clientKey;
    private final MeterRegistry registry;
    private final Counter clientAborts;

    /**
     * @param limits the limits
     * @param peerKey the key a peer's connections are counted under, or empty for a trusted proxy
     * @param clientKey the key a request's client is counted under, trusted proxies resolved
     * @param registry where the refusals are counted
     */
    public ApiGuards(HttpLimits limits, Function<ConnectionMetaData, Optional<String>> peerKey,
            Function<Request, Optional<String>> clientKey, MeterRegistry registry) {
        this.limits = limits;
        this.peerKey = peerKey;
        this.clientKey = clientKey;
        this.registry = registry;
        this.clientAborts = Counter.builder("xiq.auth.http.client.aborts")
                .description("Requests whose client closed the connection before their body was complete")
                .register(registry);
    }

    /** Puts the connection limits on the server's listener; before it starts. */
    public void guardConnections(Server server) {
        ServerConnector connector = JettyServers.connectorOf(server);
        Counter evicted = Counter.builder("xiq.auth.http.connections.evicted")
                .description("Connections closed to make room for new ones at --max-connections")
                .register(registry);
        connector.addBean(new ConnectionGuard(limits, peerKey, server.getScheduler(), evicted::increment));
    }

    /** @return the application behind the request limits */
    public Handler around(Handler application) {
        RequestBodyReader body = new RequestBodyReader(application, limits.maxBodyBytes(), limits.bodyTimeout(),
                clientAborts::increment);
        QoSHandler inProgress = new QoSHandler(body);
        inProgress.setMaxRequestCount(limits.maxRequestsInProgress());
        inProgress.setMaxSuspendedRequestCount(limits.maxRequestsInProgress());
        inProgress.setMaxSuspend(QUEUE_WAIT);
        inProgress.excludePath(HEALTH);
        FunctionCounter.builder("xiq.auth.http.refusals", inProgress, qos -> qos.getTotalExpiredRequestCount()
                + qos.getTotalExceededRequestCount()).tag("cause", "requests_in_progress")
                .description("Requests answered 503 by the HTTP layer's limits").register(registry);
        Counter perClient = Counter.builder("xiq.auth.http.refusals").tag("cause", "requests_per_client")
                .description("Requests answered 503 by the HTTP layer's limits").register(registry);
        ClientAdmission admission = new ClientAdmission(inProgress, limits.maxRequestsPerClient(), clientKey,
                perClient::increment, REFUSAL_DELAY);
        admission.excludePath(HEALTH);
        return admission;
    }
}
