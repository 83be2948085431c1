package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how much a client may take to send a request, and how many connections and requests it
 * may hold: what keeps slow, stalled, idle and greedy clients from holding what others need.
 *
 * <p>The memory held for requests is bounded by construction: at most {@code maxRequestsInProgress}
 * bodies of at most {@code maxBodyBytes} each are read, and the head and the first bytes of the body of
 * every other request wait in one input buffer of its connection (8 KiB, at most {@code maxConnections}
 * of them), the rest in the kernel, which stops the sender (TCP flow control).
 *
 * @param maxBodyBytes the largest request body accepted (larger: 413 and the connection closed)
 * @param headTimeout from a connection's accept, or the first byte after an idle wait, to the end of
 *     the request head; late: the connection is closed
 * @param bodyTimeout from a request's admission to the end of its body; late: 408, closed
 * @param keepAliveIdle how long a connection may stay idle between requests
 * @param maxConnectionsPerClient open connections per client (an IPv4 address, an IPv6 network) on the
 *     API's listener; 0 for no limit; trusted proxies carry many clients and are exempt
 * @param maxRequestsInProgress requests held at once, from their admission to their response, each with
 *     up to {@code maxBodyBytes} read; more wait a second for a place, then are answered 503
 * @param maxRequestsPerClient of those, how many one client (as {@link ClientAddresses} resolves it,
 *     keyed as {@link ClientKeys} keys it) may hold; more are answered 503 at once
 * @param maxConnections open connections on the API's listener; beyond it, the oldest idle connection is
 *     closed to make room (or the new one, if none is idle): keep it below the process's descriptor limit
 */
public record HttpLimits(int maxBodyBytes, Duration headTimeout, Duration bodyTimeout, Duration keepAliveIdle,
        int maxConnectionsPerClient, int maxRequestsInProgress, int maxRequestsPerClient, int maxConnections) {
    /** 64 KiB: a login body is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /**
     * 64 KiB bodies, 10 s for a head, 5 s for a body, 30 s idle, 256 connections per client, 256 requests in
     * progress (at most 16 MiB of bodies), 32 of them per client, 4,096 connections.
     */
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(30), 256, 256, 32, 4096);

    public HttpLimits {
        Objects.requireNonNull(headTimeout, "headTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(keepAliveIdle, "keepAliveIdle");
        requirePositive(headTimeout, "--http-head-timeout");
        requirePositive(bodyTimeout, "--http-body-timeout");
        requirePositive(keepAliveIdle, "--keep-alive-timeout");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the request body limit must be at least 1 byte, got " + maxBodyBytes);
        }
        requireAtLeast(1, maxRequestsInProgress, "--max-requests-in-progress");
        requireAtLeast(1, maxRequestsPerClient, "--max-requests-per-client");
        requireAtLeast(1, maxConnections, "--max-connections");
        if (maxConnectionsPerClient < 0) {
            throw new IllegalArgumentException("--max-connections-per-client must be 0 (no limit) or more, got "
                    + maxConnectionsPerClient);
        }
    }

    private static void requireAtLeast(int least, int value, String flag) {
        if (value < least) {
            throw new IllegalArgumentException(flag + " must be at least " + least + ", got " + value);
        }
    }

    private static void requirePositive(Duration value, String flag) {
        if (value.isNegative() || value.isZero() || value.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " must be a positive number of seconds, got " + value.toSeconds());
        }
    }

    /** @return these limits with the given head and body timeouts */
    public HttpLimits withTimeouts(Duration head, Duration body) {
        return new HttpLimits(maxBodyBytes, head, body, keepAliveIdle, maxConnectionsPerClient, maxRequestsInProgress,
                maxRequestsPerClient, maxConnections);
    }

    /** @return these limits with the given keep-alive idle timeout */
    public HttpLimits withKeepAliveIdle(Duration idle) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, idle, maxConnectionsPerClient,
                maxRequestsInProgress, maxRequestsPerClient, maxConnections);
    }

    /** @return these limits with the given number of connections per client address */
    public HttpLimits withMaxConnectionsPerClient(int connections) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, connections, maxRequestsInProgress,
                maxRequestsPerClient, maxConnections);
    }

    /** @return these limits with the given number of requests held at once */
    public HttpLimits withMaxRequestsInProgress(int requests) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, maxConnectionsPerClient, requests,
                Math.min(maxRequestsPerClient, requests), maxConnections);
    }

    /** @return these limits with the given number of requests one client may hold at once */
    public HttpLimits withMaxRequestsPerClient(int requests) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, maxConnectionsPerClient,
                maxRequestsInProgress, requests, maxConnections);
    }

    /** @return these limits with the given number of connections on the API's listener */
    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, maxConnectionsPerClient,
                maxRequestsInProgress, maxRequestsPerClient, connections);
    }
}
