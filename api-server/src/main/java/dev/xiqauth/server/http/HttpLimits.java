package dev.xiqauth.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how much a client may take to send a request, and how many connections it may hold:
 * what keeps slow, stalled and idle clients from holding the server's request threads.
 *
 * @param maxBodyBytes the largest request body accepted (larger: 413 and the connection closed)
 * @param headTimeout from a connection's accept, or the first byte after an idle wait, to the end of
 *     the request head; late: the connection is closed
 * @param bodyTimeout from the end of a request's head to the end of its body; late: 408, closed
 * @param keepAliveIdle how long a connection may stay idle between requests (Grizzly's keep-alive
 *     idle timeout)
 * @param maxConnectionsPerClient open connections per client (an IPv4 address, an IPv6 network) on each
 *     listener; 0 for no limit; trusted proxies carry many clients and are exempt
 * @param maxRequestsInProgress requests held at once, from their head to their response, each with up to
 *     {@code maxBodyBytes} buffered; more are answered 503: what bounds the memory all clients together
 *     can make the server hold
 */
public record HttpLimits(int maxBodyBytes, Duration headTimeout, Duration bodyTimeout, Duration keepAliveIdle,
        int maxConnectionsPerClient, int maxRequestsInProgress) {
    /**
     * 64 KiB bodies, 10 s for a head, 5 s for a body, 30 s idle, 256 connections per client, 1,024
     * requests in progress (at most 64 MiB of bodies buffered).
     */
    public static final HttpLimits DEFAULTS = new HttpLimits(RequestBodyLimit.DEFAULT_MAX_BYTES, Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(30), 256, 1024);

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
        if (maxRequestsInProgress < 1) {
            throw new IllegalArgumentException("--max-requests-in-progress must be at least 1, got "
                    + maxRequestsInProgress);
        }
        if (maxConnectionsPerClient < 0) {
            throw new IllegalArgumentException("--max-connections-per-client must be 0 (no limit) or more, got "
                    + maxConnectionsPerClient);
        }
    }

    private static void requirePositive(Duration value, String flag) {
        if (value.isNegative() || value.isZero() || value.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " must be a positive number of seconds, got " + value.toSeconds());
        }
    }

    /** @return these limits with the given head and body timeouts */
    public HttpLimits withTimeouts(Duration head, Duration body) {
        return new HttpLimits(maxBodyBytes, head, body, keepAliveIdle, maxConnectionsPerClient, maxRequestsInProgress);
    }

    /** @return these limits with the given keep-alive idle timeout */
    public HttpLimits withKeepAliveIdle(Duration idle) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, idle, maxConnectionsPerClient,
                maxRequestsInProgress);
    }

    /** @return these limits with the given number of connections per client address */
    public HttpLimits withMaxConnectionsPerClient(int connections) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, connections, maxRequestsInProgress);
    }

    /** @return these limits with the given number of requests held at once */
    public HttpLimits withMaxRequestsInProgress(int requests) {
        return new HttpLimits(maxBodyBytes, headTimeout, bodyTimeout, keepAliveIdle, maxConnectionsPerClient, requests);
    }
}
