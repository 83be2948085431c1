package dev.xiqauth.server.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts requests per client key in fixed one-second windows (aligned to the clock), for limits on
 * requests that carry no credential to count against. The clients choose their keys (every address of
 * an IPv6 prefix they hold is another one), so memory is bounded by count, not by trust: windows that
 * have ended are dropped whenever the map reaches {@link #maxClients}, and while it is still full of
 * clients of the current second, a new client is refused, as any client over its limit is.
 */
public final class ClientRateLimiter {
    /** How many clients' windows are kept by default: about 10 MB at most. */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;

    private final Clock clock;
    private final long perSecond;
    private final int maxClients;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, long count) {
    }

    /**
     * @param perSecond how many requests each client may make in one second; at least 1
     * @param maxClients how many clients are counted at once; at least 1
     */
    public ClientRateLimiter(Clock clock, long perSecond, int maxClients) {
        if (perSecond < 1 || maxClients < 1) {
            throw new IllegalArgumentException("a limit of at least 1 request per second, for at least 1 client");
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.maxClients = maxClients;
    }

    /**
     * Counts one request of a client.
     *
     * @param clientKey the key the client is counted by
     * @return whether it is within the limit; when not, the client may try again in the next second
     */
    public boolean tryAcquire(String clientKey) {
        long nowMillis = clock.millis();
        long secondStart = nowMillis - Math.floorMod(nowMillis, 1_000L);
        if (!windows.containsKey(clientKey) && windows.size() >= maxClients) {
            purge();
            if (windows.size() >= maxClients) {
                return false;
            }
        }
        Window window = windows.merge(clientKey, new Window(secondStart, 1), (old, one) ->
                old.start() == secondStart ? new Window(secondStart, old.count() + 1) : one);
        return window.count() <= perSecond;
    }

    /** Drops the windows of seconds that have ended. */
    public void purge() {
        long nowMillis = clock.millis();
        long secondStart = nowMillis - Math.floorMod(nowMillis, 1_000L);
        windows.values().removeIf(window -> window.start() < secondStart);
    }

    /** @return how many clients are being counted: for tests and metrics */
    public int clients() {
        return windows.size();
    }
}
