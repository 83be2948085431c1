package dev.xiqauth.server.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
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
     * @param view the guard's view, as it names itself for its life
     * @param holder who the guard is (its service's credential's id): the view is this credential's (see
     *     {@link #leaseKey}), and the holder is shown to operators
     * @param epoch the epoch the guard follows, none before its first answer
     * @param after the last position it has applied
     * @param wait how long to wait for a change when none follows yet
     * @return what it is told, once there is something to tell or the wait has passed; no thread waits meanwhile
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the lease cannot be taken or renewed now
     */
    public CompletableFuture<Answer> follow(String view, String holder, Optional<String> epoch, long after,
            Duration wait) {
        String viewId = leaseKey(view, holder);
        boolean sameEpoch = epoch.filter(feed.epoch()::equals).isPresent();
        if (sameEpoch) {
            acknowledge(viewId, after);
        }
        long asked = System.nanoTime();
        Long renewed = renewals.get(viewId);
        if (!sameEpoch || renewed == null) {
            return CompletableFuture.completedFuture(startAgain(viewId, view, holder, asked));
        }
        Optional<Duration> lease = Optional.empty();
        if (asked - renewed >= times.renewEvery().toNanos()) {
            if (!leases.renew(viewId, after, times.length(), times.grace())) {
                metrics.leaseLost(ViewLeases.Holder.GUARD);
                LOG.info("the lease of guard {} ({}, lease {}) could not be renewed: it starts again", view, holder,
                        viewId);
                return CompletableFuture.completedFuture(startAgain(viewId, view, holder, asked));
            }
            renewals.put(viewId, asked);
            lease = Optional.of(times.length());
        }
        Optional<Duration> granted = lease;
        return feed.after(epoch, after, BATCH, wait, timer).thenApply(batch -> new Answer(batch, granted));
    }

    /**
     * Gives up a guard's lease, for a guard that stops and has stopped answering from memory: writers that look at
     * the leases after this no longer wait for it, and one already waiting stops at its next look (within a renewal
     * interval) instead of at the lease's end.
     *
     * @param view the guard's name for its view
     * @param holder who asks (its service's credential's id): it gives up its own lease of that name, no other
     */
    public void stop(String view, String holder) {
        String viewId = leaseKey(view, holder);
        leases.release(viewId);
        renewals.remove(viewId);
        acknowledgedPositions.remove(viewId);
        LOG.info("guard {} ({}) gave up its lease {}, if it held one: it stopped", view, holder, viewId);
    }

    /**
     * The key a guard's lease is kept and acknowledged under: the guard's name for its view, within its credential.
     * A credential can address no other credential's view, whatever name it sends: it cannot acknowledge changes for
     * another guard, take its lease over or give it up, on any instance, with nothing to look up. 43 characters,
     * within the store's 64, whatever the name's length.
     */
    static String leaseKey(String view, String holder) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((holder + "\n" + view)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    private Answer startAgain(String viewId, String view, String holder, long asked) {
        // The lease first, where writers see it; then the position, read after: a change committed before the lease
        // is at or before it, and one committed after waits for this guard.
        leases.take(viewId, ViewLeases.Holder.GUARD, holder + ", view " + view, feed.lastPosition(), times.length());
        long position = Math.max(committedPosition.getAsLong(), feed.lastPosition());
        renewals.put(viewId, asked);
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
            }
            return quiet;
        });
    }
}
