package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * What the views have acknowledged, and the writers' wait for it: a write that can change a check's answer returns
 * only once every view with a live lease has acknowledged a position at or after the write's, or that lease has
 * expired by the store's clock (Gray and Cheriton's leases; Chubby's cache invalidation). Acknowledgements arrive as
 * messages ({@link #acknowledged}): from this process's own view, from other processes' views through the store's
 * notifications, from the guards through the instance whose stream they follow. Many changes share one, and none
 * costs a write; the store's copy, written at each renewal, only seeds what a writer knows.
 *
 * <p>A lease that a writer waited out may have been renewed meanwhile: the writer reads it again, and waits on. A view
 * renews only while it has applied every change recorded more than a grace period ago ({@link ViewLeases#renew}),
 * so no view can stretch the wait past its lease and that grace.
 */
public final class Acknowledgements {
    /** Views that come and go leave their last acknowledgement here; past this many, those without a lease go. */
    private static final int PRUNE_ABOVE = 4_096;

    private final ViewLeases leases;
    private final FeedMetrics metrics;
    private final Duration lookAgainEvery;
    private final ConcurrentMap<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Object arrivals = new Object();

    /**
     * @param leases where the leases are kept
     * @param metrics where the waits are reported
     * @param lookAgainEvery how often a waiting writer reads the leases again: as often as views renew them, so a
     *     lost message costs at most that
     */
    public Acknowledgements(ViewLeases leases, FeedMetrics metrics, Duration lookAgainEvery) {
        this.leases = leases;
        this.metrics = metrics;
        this.lookAgainEvery = lookAgainEvery;
    }

    /**
     * A view has applied every change up to this position. Positions only move forward: an older message arriving
     * late changes nothing.
     */
    public void acknowledged(String viewId, long position) {
        Long before = acknowledged.get(viewId);
        if (before != null && before >= position) {
            return;
        }
        acknowledged.merge(viewId, position, Math::max);
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    /**
     * Waits, after a write has committed, until every view with a live lease has acknowledged it, or that lease has
     * expired. Call it with the write committed and nothing locked: views read the store to apply some changes.
     *
     * @return how many views acknowledged, and how many were waited out
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the leases cannot be read: the write is made,
     *     and views that cannot renew stop answering from memory within their lease
     */
    public Outcome awaitAll() {
        long started = System.nanoTime();
        ViewLeases.LiveLeases live = leases.live();
        long target = live.lastPosition();
        Map<String, Long> deadlines = new HashMap<>();
        for (ViewLeases.LiveLease lease : live.leases()) {
            if (!hasAcknowledged(lease.viewId(), lease.acknowledged(), target)) {
                deadlines.put(lease.viewId(), started + lease.remaining().toNanos());
            }
        }
        int views = live.leases().size();
        int waitedOut = 0;
        long nextLook = started + lookAgainEvery.toNanos();
        while (true) {
            deadlines.keySet().removeIf(viewId -> hasAcknowledged(viewId, 0, target));
            if (deadlines.isEmpty()) {
                break;
            }
            long now = System.nanoTime();
            long firstDeadline = deadlines.values().stream().mapToLong(Long::longValue).min().getAsLong();
            if (now - nextLook >= 0 || now - firstDeadline >= 0) {
                // The leases as the store has them now: a message may have been lost (the view's renewal carries what
                // it applied), and a lease waited out may have been renewed (which needed the view to catch up).
                Map<String, ViewLeases.LiveLease> again = new HashMap<>();
                leases.live().leases().forEach(lease -> again.put(lease.viewId(), lease));
                long looked = System.nanoTime();
                Iterator<Map.Entry<String, Long>> pending = deadlines.entrySet().iterator();
                while (pending.hasNext()) {
                    Map.Entry<String, Long> view = pending.next();
                    ViewLeases.LiveLease lease = again.get(view.getKey());
                    if (lease == null) {
                        waitedOut++;
                        pending.remove();
                    } else if (hasAcknowledged(view.getKey(), lease.acknowledged(), target)) {
                        pending.remove();
                    } else {
                        view.setValue(looked + lease.remaining().toNanos());
                    }
                }
                nextLook = looked + lookAgainEvery.toNanos();
                continue;
            }
            awaitArrival(Math.min(nextLook, firstDeadline) - now);
        }
        prune(live);
        Outcome outcome = new Outcome(views - waitedOut, waitedOut, Duration.ofNanos(System.nanoTime() - started));
        metrics.awaited(outcome);
        return outcome;
    }

    private boolean hasAcknowledged(String viewId, long inStore, long target) {
        return inStore >= target || acknowledged.getOrDefault(viewId, 0L) >= target;
    }

    private void awaitArrival(long left) {
        synchronized (arrivals) {
            if (left <= 0) {
                return;
            }
            try {
                // Acknowledgements are looked at again on every arrival; a missed wake-up costs at most this.
                arrivals.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the views' acknowledgements", e);
            }
        }
    }

    private void prune(ViewLeases.LiveLeases live) {
        if (acknowledged.size() > PRUNE_ABOVE) {
            Set<String> leased = live.leases().stream().map(ViewLeases.LiveLease::viewId).collect(Collectors.toSet());
            acknowledged.keySet().removeIf(viewId -> !leased.contains(viewId));
        }
    }

    /**
     * How a wait ended.
     *
     * @param acknowledgedBy how many views with a live lease acknowledged the write
     * @param waitedOut how many leases expired instead
     * @param took how long the wait took, the read of the leases included
     */
    public record Outcome(int acknowledgedBy, int waitedOut, Duration took) {
    }
}
