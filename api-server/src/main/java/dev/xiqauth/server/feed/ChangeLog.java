package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.List;

/**
 * The ordered log of committed changes that views follow ({@link Change}). Writers append to it in the transaction
 * of their write (the stores do); readers ask it by position. Implementations are thread-safe; those backed by a
 * database throw {@link dev.xiqauth.server.error.StoreUnavailableException} while it cannot be reached.
 */
public interface ChangeLog {
    /**
     * @param position the last position the reader has applied (0 before any)
     * @param limit the most entries to return
     * @return the committed entries after it, in order, and the last committed position, read at one moment: the
     *     first entry is {@code position + 1}, and there is one whenever the last position is after it, unless the
     *     entries were purged
     */
    Entries after(long position, int limit);

    /**
     * Entries of the log, and its last position at the moment they were read.
     *
     * @param lastPosition the position of the last committed entry then
     * @param changes the entries read, in order
     */
    record Entries(long lastPosition, List<Change> changes) {
        public Entries {
            changes = List.copyOf(changes);
        }

        /**
         * @param applied the last position a reader has applied
         * @return whether entries it has not applied were purged: the next is missing although one was committed
         */
        public boolean purgedAfter(long applied) {
            if (changes.isEmpty()) {
                return lastPosition > applied;
            }
            return changes.get(0).position() != applied + 1;
        }
    }

    /** @return the position of the last committed entry, 0 if none ever was */
    long lastPosition();

    /**
     * Forgets entries recorded longer ago than this, by the database's clock: a view that has not applied them by
     * then has lost its lease long ago, and reads the store anew.
     *
     * @return how many were forgotten
     */
    int purgeOlderThan(Duration age);
}
