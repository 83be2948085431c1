package dev.xiqauth.server;

import dev.xiqauth.server.http.GrizzlyServers;
import dev.xiqauth.server.http.XiqErrorAddOn;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a process runs it, started by {@link CompositionRoot#start}. {@link #close()} stops
 * accepting, lets requests in flight finish within the grace period, then closes everything else the
 * composition root opened: background work, the store, the metrics.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final HttpServer api;
    private final Optional<HttpServer> operations;
    private final Duration shutdownGrace;
    private final URI baseUri;
    private final int operationsPort;
    private final XiqErrorAddOn httpLayer;
    private final OpenedResources opened;

    RunningServer(HttpServer api, Optional<HttpServer> operations, Duration shutdownGrace, URI baseUri,
            int operationsPort, XiqErrorAddOn httpLayer, OpenedResources opened) {
        this.httpLayer = httpLayer;
        this.api = api;
        this.operations = operations;
        this.shutdownGrace = shutdownGrace;
        this.baseUri = baseUri;
        this.operationsPort = operationsPort;
        this.opened = opened;
    }

    /** @return the port of {@code /metrics} and {@code /health}: the API's own unless configured apart */
    public int operationsPort() {
        return operationsPort;
    }

    /** @return the port listened on */
    public int port() {
        return baseUri.getPort();
    }

    /** @return the local URL of the API */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        LOG.info("shutting down: finishing requests in flight for up to {}", shutdownGrace);
        // Load balancers see the operations port go first, and stop sending requests.
        operations.ifPresent(HttpServer::shutdownNow);
        long started = System.nanoTime();
        try {
            // Requests whose body is still arriving are no requests yet to Grizzly, whose graceful shutdown
            // would refuse them with 503: stop accepting, let the requests in progress finish, then shut down.
            GrizzlyServers.stopAccepting(api);
            if (!httpLayer.awaitRequestsInProgress(shutdownGrace)) {
                LOG.warn("requests were still in progress after the grace period");
            }
            long left = shutdownGrace.minusNanos(System.nanoTime() - started).toMillis();
            if (left > 0) {
                api.shutdown(left, TimeUnit.MILLISECONDS).get(left + 1_000, TimeUnit.MILLISECONDS);
            } else {
                // Grizzly takes a grace of 0 as "wait for ever": the grace period is over, stop now.
                api.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            api.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("requests were still in flight after the grace period; stopping now");
            api.shutdownNow();
        } finally {
            opened.close();
        }
        LOG.info("stopped");
    }
}
