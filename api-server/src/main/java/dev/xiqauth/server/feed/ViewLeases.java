package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The leases of the views that answer token checks from memory, kept where every writer sees them. Expiry is
 * decided by one clock, the store's, whatever the clocks of the views' machines say; a holder measures its lease
 * from the moment it asked for it, by its own monotonic clock, and gives it up a margin early.
 *
 * <p>A writer whose change can refuse a token returns only once every view with a live lease has acknowledged the
 * change's position, or that lease has expired ({@link Acknowledgements}). So a view may renew its lease only while
 * it is live and only if it has applied every change recorded more than a grace period ago: a view that lags or was
 * away cannot stretch a lease a writer is waiting out.
 */
public interface ViewLeases {
    /** What kind of view holds a lease. */
    enum Holder {
        /** A server instance's view. */
        INSTANCE,
        /** The view of a guarded service ({@code api-guard}), held for it by the instance it follows the log through. */
        GUARD
    }

    /**
     * Takes a lease, or takes again one that was lost: unconditionally, since a view takes one only before it catches
     * up with the log and starts answering.
     *
     * @param viewId the view's id, unique for its life
     * @param holder what kind of view it is
     * @param description who holds it (a host and process; a guarded service's client id), for operators
     * @param acknowledged the position the view has applied so far
     * @param length how long the lease lasts from the moment the store records it
     */
    void take(String viewId, Holder holder, String description, long acknowledged, Duration length);

    /**
     * Renews a live lease, if the view has applied every change recorded more than {@code grace} ago.
     *
     * @return whether it was renewed; if not, the view must stop answering from memory by the time it believes its
     *     lease ends, and catch up before it takes one again
     */
    boolean renew(String viewId, long acknowledged, Duration length, Duration grace);

    /** Gives a lease up (a view that stops): writers stop waiting for it at once. */
    void release(String viewId);

    /** @return the leases live now, with the log's last position read in the same statement */
    LiveLeases live();

    /** @return the lease of one view, if it is live now */
    Optional<LiveLease> live(String viewId);

    /**
     * Forgets leases that expired longer ago than this.
     *
     * @return how many were forgotten
     */
    int purgeExpiredFor(Duration age);

    /**
     * The live leases at one moment of the store.
     *
     * @param lastPosition the log's last committed position then: at or after every write committed before
     * @param leases each live lease
     */
    record LiveLeases(long lastPosition, List<LiveLease> leases) {
        public LiveLeases {
            leases = List.copyOf(leases);
        }
    }

    /**
     * A live lease.
     *
     * @param viewId the view's id
     * @param holder what kind of view holds it
     * @param description who holds it
     * @param acknowledged the position the view acknowledged at its last renewal
     * @param remaining how long it has left by the store's clock
     */
    record LiveLease(String viewId, Holder holder, String description, long acknowledged, Duration remaining) {
    }
}
