package dev.xiqauth.server;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a process runs it, started by {@link CompositionRoot#start}. {@link #close()} stops
 * accepting, lets requests in flight finish within the grace period (Jetty's graceful stop: requests that
 * arrive meanwhile on open connections get 503), then closes everything else the composition root opened:
 * background work, the store, the metrics.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final Server api;
    private final Optional<Server> operations;
    private final Duration shutdownGrace;
    private final URI baseUri;
    private final int operationsPort;
    private final OpenedResources opened;

    RunningServer(Server api, Optional<Server> operations, Duration shutdownGrace, URI baseUri, int operationsPort,
            OpenedResources opened) {
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
        try {
            // Load balancers see the operations port go first, and stop sending requests.
            operations.ifPresent(ops -> stop(ops, Duration.ZERO));
            if (!stop(api, shutdownGrace)) {
                LOG.warn("requests were still in flight after the grace period; stopped them");
            }
        } finally {
            opened.close();
        }
        LOG.info("stopped");
    }

    /** @return whether every request in flight finished within the grace period */
    private static boolean stop(Server server, Duration grace) {
        server.setStopTimeout(grace.toMillis());
        long started = System.nanoTime();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP listener did not stop cleanly: {}", e.toString());
            return false;
        }
        return grace.isZero() || System.nanoTime() - started < grace.toNanos();
    }
}
