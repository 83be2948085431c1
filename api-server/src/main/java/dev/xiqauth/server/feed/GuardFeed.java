package dev.xiqauth.server.feed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The changes this instance has applied to its own view, kept for the guarded services that follow them through it
 * ({@code GET /oauth2/introspect/changes}): in the order they were applied, at their positions, the most recent
 * {@code capacity} of them. A guard that asks from a position the feed no longer holds (it lagged, or it followed an
 * earlier run of the server: another epoch) is told to start again from now, with nothing in memory.
 *
 * <p>On a shared store positions are the change log's, the same on every instance; on the embedded store the one
 * server numbers its own changes, in an epoch of its own. Thread-safe.
 */
public final class GuardFeed {
    private final String epoch;
    private final int capacity;
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private final Executor answers;
    /** The last position published; guards at or after {@link #floor} can be told what follows theirs. */
    private long last;
    private long floor;

    /**
     * One change, as a guard applies it.
     *
     * @param position its position
     * @param kind what changed: {@link Change.Kind#KEYS} makes a guard forget everything it holds
     * @param subject the {@code jti} or user id it names
     * @param recordedNanos when this instance applied it, by {@link System#nanoTime}: how long a guard lags
     */
    public record Entry(long position, Change.Kind kind, Optional<String> subject, long recordedNanos) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * What a guard is told.
     *
     * @param epoch the feed's epoch: positions of another are meaningless here
     * @param reset whether the guard must forget everything it holds and follow from {@code position}
     * @param position the position the guard has reached once it has applied {@code entries}
     * @param entries the changes after the position it asked from, in order
     */
    public record Batch(String epoch, boolean reset, long position, List<Entry> entries) {
        public Batch {
            entries = List.copyOf(entries);
        }
    }

    /**
     * @param epoch this feed's epoch: the store's, when positions are the shared log's; this run's otherwise
     * @param startsAfter the position the feed starts after: guards asking from before it start again
     * @param capacity how many changes it keeps
     * @param answers where the guards waiting for a change are answered
     */
    public GuardFeed(String epoch, long startsAfter, int capacity, Executor answers) {
        this.epoch = epoch;
        this.capacity = capacity;
        this.answers = answers;
        this.last = startsAfter;
        this.floor = startsAfter;
    }

    /** @return the feed's epoch */
    public String epoch() {
        return epoch;
    }

    /** @return the last position published */
    public synchronized long lastPosition() {
        return last;
    }

    /**
     * A change this instance has applied to its view; positions only grow.
     *
     * @param position its position
     * @param kind what it is
     * @param subject what it names
     */
    public synchronized void publish(long position, Change.Kind kind, Optional<String> subject) {
        if (position <= last) {
            return; // applied again after a reload: guards have it already
        }
        recent.addLast(new Entry(position, kind, subject, System.nanoTime()));
        last = position;
        while (recent.size() > capacity) {
            floor = recent.removeFirst().position();
        }
        answerWaiting();
    }

    /**
     * Answers the guards waiting for a change. Completed on the executor of the waits' answers, not here: this runs
     * on a writer's or the view's thread, under this feed's lock.
     */
    private void answerWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Waiter> answered = new ArrayList<>(waiting);
        waiting.clear();
        for (Waiter waiter : answered) {
            Batch batch = ready(waiter.epochSeen(), waiter.after(), waiter.limit());
            if (batch == null) {
                waiting.add(waiter);
            } else {
                answers.execute(() -> waiter.answer().complete(batch));
            }
        }
    }

    /**
     * A change this process made, numbered by this feed: the next position.
     *
     * @return its position
     */
    public synchronized long append(Change.Kind kind, Optional<String> subject) {
        long position = last + 1;
        publish(position, kind, subject);
        return position;
    }

    /**
     * Everything up to this position may have changed in ways not published (the view was loaded anew, at a position
     * after every one published): guards forget what they hold.
     */
    public synchronized void resetAt(long position) {
        publish(position, Change.Kind.KEYS, Optional.empty());
    }

    /**
     * @param epochSeen the epoch the guard follows, if any yet
     * @param after the last position the guard has applied
     * @param limit the most entries to return
     * @param wait how long to wait for a change when there is none yet
     * @param timer what ends a wait
     * @return the changes after it, or a reset, as soon as there are any; an empty batch at the guard's position if
     *     none came in time. No thread waits meanwhile.
     */
    public CompletableFuture<Batch> after(Optional<String> epochSeen, long after, int limit, Duration wait,
            ScheduledExecutorService timer) {
        Waiter waiter;
        synchronized (this) {
            Batch ready = ready(epochSeen, after, limit);
            if (ready != null) {
                return CompletableFuture.completedFuture(ready);
            }
            waiter = new Waiter(epochSeen, after, limit, new CompletableFuture<>());
            waiting.add(waiter);
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            synchronized (this) {
                if (!waiting.remove(waiter)) {
                    return;
                }
            }
            waiter.answer().complete(new Batch(epoch, false, after, List.of()));
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
        waiter.answer().whenComplete((batch, failure) -> timeout.cancel(false));
        return waiter.answer();
    }

    /** Ends every wait with no change: the server stops. */
    public void close() {
        List<Waiter> ended;
        synchronized (this) {
            ended = new ArrayList<>(waiting);
            waiting.clear();
        }
        ended.forEach(waiter -> waiter.answer().complete(new Batch(epoch, false, waiter.after(), List.of())));
    }

    /** @return what a guard at this position is told now; null if it must wait for a change */
    private Batch ready(Optional<String> epochSeen, long after, int limit) {
        if (epochSeen.isEmpty() || !epoch.equals(epochSeen.get()) || after < floor) {
            return new Batch(epoch, true, last, List.of());
        }
        if (last <= after) {
            // Nothing yet; or the guard is ahead of this instance (it followed another one of the shared store).
            return null;
        }
        // The entries after the guard's position are the newest: found from the end, in as many steps as there are.
        ArrayDeque<Entry> newer = new ArrayDeque<>();
        for (Iterator<Entry> kept = recent.descendingIterator(); kept.hasNext();) {
            Entry entry = kept.next();
            if (entry.position() <= after) {
                break;
            }
            newer.addFirst(entry);
        }
        List<Entry> entries = new ArrayList<>(Math.min(limit, newer.size()));
        for (Iterator<Entry> oldestFirst = newer.iterator(); oldestFirst.hasNext() && entries.size() < limit;) {
            entries.add(oldestFirst.next());
        }
        if (entries.isEmpty()) {
            return new Batch(epoch, true, last, List.of());
        }
        return new Batch(epoch, false, entries.get(entries.size() - 1).position(), entries);
    }

    /** A guard's question waiting for a change. */
    private record Waiter(Optional<String> epochSeen, long after, int limit, CompletableFuture<Batch> answer) {
    }

    /**
     * @param acknowledged the last position a guard has applied
     * @param grace how long ago an entry may have been applied here and still not by the guard
     * @return whether the guard has applied every entry this instance applied more than {@code grace} ago
     */
    public synchronized boolean caughtUp(long acknowledged, Duration grace) {
        if (acknowledged < floor) {
            return false;
        }
        // Entries are applied in the order of their positions: the oldest the guard lacks is the first after its own.
        Entry oldestLacking = null;
        for (Iterator<Entry> kept = recent.descendingIterator(); kept.hasNext();) {
            Entry entry = kept.next();
            if (entry.position() <= acknowledged) {
                break;
            }
            oldestLacking = entry;
        }
        return oldestLacking == null || System.nanoTime() - oldestLacking.recordedNanos() < grace.toNanos();
    }
}
