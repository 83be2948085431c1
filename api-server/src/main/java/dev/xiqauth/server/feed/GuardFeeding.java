package dev.xiqauth.server.feed;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What the guarded services are served from: the {@link GuardStreams} they follow, and the position every check's
 * answer reflects, which an introspection answer carries so that a guard can tell whether a change it has applied
 * since concerns it.
 *
 * @param streams the guards' side of the leases
 * @param answeredAt the position a check about to be made will reflect every change up to: read before the check
 */
public record GuardFeeding(GuardStreams streams, LongSupplier answeredAt) {
    /** How many changes an instance keeps for guards that lag: a guard further behind starts again. */
    public static final int FEED_CAPACITY = 16_384;

    public GuardFeeding {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(answeredAt, "answeredAt");
    }

    /** @return the epoch of the positions */
    public String epoch() {
        return streams.feed().epoch();
    }

    /** @return a timer on a thread of its own, which ends the guards' waits and answers them */
    public static ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "guard-feed");
            thread.setDaemon(true);
            return thread;
        });
    }
}
