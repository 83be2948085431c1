package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The guards' leases of a server on the embedded store, which is their only writer: held in its memory and measured
 * by its monotonic clock. Positions are its {@link GuardFeed}'s; a guard renews only while it has applied every
 * change the feed published more than the grace ago.
 *
 * <p>Leases granted by an earlier run of the server are gone with it, yet a guard may still believe its own for up
 * to a lease: before it grants one, a run records in its {@link LeaseFence} until when its guards may hold leases,
 * and the next run, until then (at most a lease from its start), waits at every write as if such a guard held one
 * (a lease named {@value #EARLIER_RUN}, which nothing acknowledges). A server no guard ever followed waits for none.
 */
public final class LocalViewLeases implements ViewLeases {
    /** The lease an earlier run may have granted. */
    public static final String EARLIER_RUN = "earlier-run";

    private final GuardFeed feed;
    private final Duration length;
    private final LeaseFence fence;
    private final long earlierRunUntil;
    /** Until when, by the wall clock, the fence says this run's guards may hold leases; guarded by {@code this}. */
    private long fencedUntilMillis;
    private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

    private record Lease(Holder holder, String description, long acknowledged, long expiresNanos) {
    }

    /**
     * Where a run records until when its guards may hold leases, so that the next run waits for them.
     */
    public interface LeaseFence {
        /** No record: nothing outlives the process but its guards, and those are told to start again. */
        LeaseFence NONE = new LeaseFence() {
            @Override
            public long untilMillis() {
                return 0;
            }

            @Override
            public void recordUntilMillis(long until) {
            }
        };

        /** @return the wall-clock millisecond until which an earlier run's guards may hold leases; 0 if none did */
        long untilMillis();

        /** Records, durably, that this run's guards may hold leases until then. */
        void recordUntilMillis(long until);
    }

    /**
     * @param feed the changes the guards follow
     * @param length how long a lease lasts
     * @param fence where the runs record until when their guards may hold leases
     */
    public LocalViewLeases(GuardFeed feed, Duration length, LeaseFence fence) {
        this.feed = feed;
        this.length = length;
        this.fence = fence;
        long earlier = Math.min(length.toMillis(), Math.max(0, fence.untilMillis() - System.currentTimeMillis()));
        this.earlierRunUntil = System.nanoTime() + Duration.ofMillis(earlier).toNanos();
    }

    @Override
    public void take(String viewId, Holder holder, String description, long acknowledged, Duration length) {
        fenceFor(length);
        leases.put(viewId, new Lease(holder, description, acknowledged, System.nanoTime() + length.toNanos()));
    }

    /** Records, before a lease is granted, that guards may hold one past it; ahead, so one write covers many. */
    private synchronized void fenceFor(Duration lease) {
        long now = System.currentTimeMillis();
        if (now + lease.toMillis() > fencedUntilMillis) {
            fencedUntilMillis = now + 2 * Math.max(lease.toMillis(), length.toMillis());
            fence.recordUntilMillis(fencedUntilMillis);
        }
    }

    @Override
    public boolean renew(String viewId, long acknowledged, Duration length, Duration grace) {
        fenceFor(length);
        long now = System.nanoTime();
        boolean[] renewed = {false};
        leases.computeIfPresent(viewId, (id, lease) -> {
            if (lease.expiresNanos() - now > 0 && feed.caughtUp(acknowledged, grace)) {
                renewed[0] = true;
                return new Lease(lease.holder(), lease.description(), acknowledged, now + length.toNanos());
            }
            return lease;
        });
        return renewed[0];
    }

    @Override
    public void release(String viewId) {
        leases.remove(viewId);
    }

    @Override
    public LiveLeases live() {
        long now = System.nanoTime();
        List<LiveLease> live = new ArrayList<>();
        if (earlierRunUntil - now > 0) {
            live.add(new LiveLease(EARLIER_RUN, Holder.GUARD, "a guard of the server's earlier run", -1,
                    Duration.ofNanos(earlierRunUntil - now)));
        }
        leases.forEach((viewId, lease) -> liveAt(viewId, lease, now).ifPresent(live::add));
        return new LiveLeases(feed.lastPosition(), live);
    }

    @Override
    public Optional<LiveLease> live(String viewId) {
        long now = System.nanoTime();
        if (EARLIER_RUN.equals(viewId)) {
            return live().leases().stream().filter(lease -> lease.viewId().equals(viewId)).findFirst();
        }
        Lease lease = leases.get(viewId);
        return lease == null ? Optional.empty() : liveAt(viewId, lease, now);
    }

    private static Optional<LiveLease> liveAt(String viewId, Lease lease, long now) {
        long remaining = lease.expiresNanos() - now;
        return remaining > 0 ? Optional.of(new LiveLease(viewId, lease.holder(), lease.description(),
                lease.acknowledged(), Duration.ofNanos(remaining))) : Optional.empty();
    }

    @Override
    public int purgeExpiredFor(Duration age) {
        long before = System.nanoTime() - age.toNanos();
        int size = leases.size();
        leases.values().removeIf(lease -> lease.expiresNanos() - before < 0);
        return size - leases.size();
    }
}
