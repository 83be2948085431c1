package dev.xiqauth.server.http;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests each client holds in progress, each count capped: a client's count lives in the map only while
 * it is above zero, so the map holds no more entries than there are requests in progress. A client that holds
 * requests is counted with no lock (a compare-and-set on its counter): one address sending many requests at once
 * (a service behind one proxy, a load generator) would otherwise serialise every request on one lock of the map, a
 * lock whose holder, preempted on a busy core, stalls every other request of that client.
 *
 * <p>A counter that falls to zero is retired (set to {@code -1}) before it leaves the map, and a retired counter is
 * never counted up again: a request that finds one takes the fresh counter that replaces it. So no count is lost
 * between a release that removes a counter and an admission that had just found it.
 */
final class InProgressCounts {
    private static final int RETIRED = -1;

    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** @param maxPerClient requests one client may hold at once, at least one */
    InProgressCounts(int maxPerClient) {
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("a client must be allowed one request at least, got " + maxPerClient);
        }
        this.maxPerClient = maxPerClient;
    }

    /**
     * Counts one more request of a client, unless it holds its most already.
     *
     * @param client the client's key
     * @return if the request was counted, what counts it down again: once, however often it is run
     */
    Optional<Runnable> tryAcquire(String client) {
        while (true) {
            AtomicInteger count = counts.get(client);
            if (count == null) {
                count = counts.computeIfAbsent(client, ignored -> new AtomicInteger());
            }
            int held = count.get();
            if (held < 0) {
                counts.remove(client, count); // retired: its releaser may not have removed it yet
            } else if (held >= maxPerClient) {
                return Optional.empty();
            } else if (count.compareAndSet(held, held + 1)) {
                AtomicInteger counted = count;
                AtomicBoolean released = new AtomicBoolean();
                return Optional.of(() -> {
                    if (released.compareAndSet(false, true)) {
                        release(client, counted);
                    }
                });
            }
        }
    }

    /** Counts down the counter an admission counted on: not retired while that admission holds it. */
    private void release(String client, AtomicInteger count) {
        if (count.decrementAndGet() == 0 && count.compareAndSet(0, RETIRED)) {
            counts.remove(client, count);
        }
    }

    /** @return the clients holding requests now */
    int clients() {
        return counts.size();
    }
}
