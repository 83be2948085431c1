package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarded services' side of the leases ({@code GET /oauth2/introspect/changes}): each guard asks, again and
 * again, for the changes after the last position it has applied. Its question is its acknowledgement of that
 * position (relayed to every writer: this process's, and the others' through the store's messages); the instance
 * renews the guard's lease when one is due, where writers see it; and the answer is the changes that followed, as
 * soon as there are any, or none after a short wait.
 *
 * <p>A guard whose lease cannot be renewed (it lagged past the grace, or went quiet past its lease), that follows
 * another epoch, or that asks from a position the feed no longer holds is told to start again: it forgets every
 * answer it holds, and takes a lease anew from a position at or after every change committed before that lease.
 */
public final class GuardStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardStreams.class);
    /** A guard is told what follows its position in batches of at most this many. */
    private static final int BATCH = 1_000;

    private final GuardFeed feed;
    private final ViewLeases leases;
    private final Acknowledgements acknowledgements;
    private final FeedSignals signals;
    private final LeaseTimes times;
    private final LongSupplier committedPosition;
    private final FeedMetrics metrics;
    private final ScheduledExecutorService timer;
    /** When this instance last renewed each guard's lease, by {@link System#nanoTime}. */
    private final ConcurrentMap<String, Long> renewals = new ConcurrentHashMap<>();
    /** The last position each guard acknowledged here. */
    private final ConcurrentMap<String, Long> acknowledgedPositions = new ConcurrentHashMap<>();
    /** Who took each guard's lease here: its questions and its acknowledgements are that credential's alone. */
    private final ConcurrentMap<String, String> holders = new ConcurrentHashMap<>();

    /**
     * @param committedPosition the last position committed to the log, read after a lease is taken: a new guard
     *     starts there, so that every change committed before its lease is behind it
     * @param timer what ends the guards' waits, and answers them: the feed's executor
     */
    public GuardStreams(GuardFeed feed, ViewLeases leases, Acknowledgements acknowledgements, FeedSignals signals,
            LeaseTimes times, LongSupplier committedPosition, FeedMetrics metrics, ScheduledExecutorService timer) {
        this.feed = feed;
        this.leases = leases;
        this.acknowledgements = acknowledgements;
        this.signals = signals;
        this.times = times;
        this.committedPosition = committedPosition;
        this.metrics = metrics;
        this.timer = timer;
    }

    /** @return the feed the guards are told from */
    public GuardFeed feed() {
        return feed;
    }

    /**
     * What a guard is told.
     *
     * @param batch the changes, or a reset
     * @param lease how long the lease taken or renewed by this question lasts from the moment it was asked, if one
     *     was; a guard that is told none keeps the one it had
     */
    public record Answer(GuardFeed.Batch batch, Optional<Duration> lease) {
    }

    /**
     * @param viewId the guard's view, as it names itself for its life
     * @param holder who the guard is (its service's credential's id), for operators
     * @param epoch the epoch the guard follows, none before its first answer
     * @param after the last position it has applied
     * @param wait how long to wait for a change when none follows yet
     * @return what it is told, once there is something to tell or the wait has passed; no thread waits meanwhile
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the lease cannot be taken or renewed now
     */
    public CompletableFuture<Answer> follow(String viewId, String holder, Optional<String> epoch, long after,
            Duration wait) {
        boolean sameEpoch = epoch.filter(feed.epoch()::equals).isPresent();
        if (sameEpoch) {
            acknowledge(viewId, after);
        }
        long asked = System.nanoTime();
        Long renewed = renewals.get(viewId);
        if (!sameEpoch || renewed == null) {
            return CompletableFuture.completedFuture(startAgain(viewId, holder, asked));
        }
        Optional<Duration> lease = Optional.empty();
        if (asked - renewed >= times.renewEvery().toNanos()) {
            if (!leases.renew(viewId, after, times.length(), times.grace())) {
                metrics.leaseLost(ViewLeases.Holder.GUARD);
                LOG.info("the lease of guard {} ({}) could not be renewed: it starts again", viewId, holder);
                return CompletableFuture.completedFuture(startAgain(viewId, holder, asked));
            }
            renewals.put(viewId, asked);
            lease = Optional.of(times.length());
        }
        Optional<Duration> granted = lease;
        return feed.after(epoch, after, BATCH, wait, timer).thenApply(batch -> new Answer(batch, granted));
    }

    /**
     * Whether a credential may follow a view: a view is followed by the credential that took its lease, and no other
     * may acknowledge changes for it, take its lease over or give it up. Read from the store only for a view this
     * instance has not granted a lease to yet.
     *
     * @param viewId the guard's view
     * @param holder who asks (its service's credential's id)
     * @return whether no other credential holds a lease for the view
     */
    public boolean mayFollow(String viewId, String holder) {
        String known = holders.get(viewId);
        if (known != null) {
            return known.equals(holder);
        }
        return leases.live(viewId).map(live -> live.description().equals(holder)).orElse(true);
    }

    /**
     * Gives up a guard's lease, for a guard that stops: writers stop waiting for it at once. The guard has stopped
     * answering from memory before it asks, so no request it serves after this can be answered from what it held.
     *
     * @param viewId the guard's view
     * @param holder who asks (its service's credential's id): only the holder of the lease may give it up
     * @return whether a lease of this holder was given up
     */
    public boolean stop(String viewId, String holder) {
        Optional<ViewLeases.LiveLease> lease = leases.live(viewId).filter(live -> live.holder()
                == ViewLeases.Holder.GUARD && live.description().equals(holder));
        if (lease.isEmpty()) {
            LOG.info("guard {} gave up no lease: {} holds none for it", viewId, holder);
            return false;
        }
        leases.release(viewId);
        renewals.remove(viewId);
        acknowledgedPositions.remove(viewId);
        holders.remove(viewId);
        LOG.info("guard {} ({}) gave up its lease: it stopped", viewId, holder);
        return true;
    }

    private Answer startAgain(String viewId, String holder, long asked) {
        // The lease first, where writers see it; then the position, read after: a change committed before the lease
        // is at or before it, and one committed after waits for this guard.
        leases.take(viewId, ViewLeases.Holder.GUARD, holder, feed.lastPosition(), times.length());
        long position = Math.max(committedPosition.getAsLong(), feed.lastPosition());
        renewals.put(viewId, asked);
        holders.put(viewId, holder);
        acknowledgedPositions.put(viewId, position);
        return new Answer(new GuardFeed.Batch(feed.epoch(), true, position, List.of()),
                Optional.of(times.length()));
    }

    private void acknowledge(String viewId, long position) {
        acknowledgedPositions.put(viewId, position);
        acknowledgements.acknowledged(viewId, position);
        try {
            signals.publishAcknowledgement(viewId, position);
        } catch (RuntimeException e) {
            // Writers elsewhere read it at the lease's next renewal, or wait the lease out.
            LOG.debug("an acknowledgement of guard {} was not sent: {}", viewId, e.getMessage());
        }
    }

    /** Answers every waiting guard with no change, and stops the timer: the server stops. */
    @Override
    public void close() {
        feed.close();
        timer.shutdownNow();
    }

    /** @return how many guards this instance renewed a lease for within the last lease */
    public int guardsHoldingLeases() {
        long since = System.nanoTime() - times.length().toNanos();
        return (int) renewals.values().stream().filter(renewed -> renewed - since > 0).count();
    }

    /** @return how many changes the guard furthest behind has yet to acknowledge, of those this instance applied */
    public long lag() {
        long last = feed.lastPosition();
        return acknowledgedPositions.values().stream().mapToLong(acknowledged -> Math.max(0, last - acknowledged))
                .max().orElse(0);
    }

    /** Forgets guards whose leases are long gone, so that the map holds the live ones. */
    public void forgetQuietGuards() {
        long before = System.nanoTime() - times.length().multipliedBy(10).toNanos();
        renewals.entrySet().removeIf(guard -> {
            boolean quiet = guard.getValue() - before < 0;
            if (quiet) {
                acknowledgedPositions.remove(guard.getKey());
                holders.remove(guard.getKey());
            }
            return quiet;
        });
    }
}
