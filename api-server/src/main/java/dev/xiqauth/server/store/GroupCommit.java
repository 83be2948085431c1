package dev.xiqauth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes whose callers wait for them to be durable, committed together: one writer thread takes every
 * write waiting when it is free, runs them in one transaction and commits once, so that writes arriving
 * together cost one wait for the disk between them instead of one each. No write waits for others to
 * arrive: alone, it is committed at once, as it would have been on its own.
 *
 * <p>Each caller still returns only once its own write is committed. The writes of a batch run in the
 * order of their keys, so that two instances' batches on one database take their row locks in the same
 * order and cannot deadlock each other. If the batch fails, each of its writes is retried in a
 * transaction of its own, so that one failing write (or a deadlock with a writer outside this scheme)
 * fails alone.
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 256;
    private static final Comparator<Pending<?>> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

    private final Jdbc jdbc;
    private final LinkedBlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** A write and its caller's future. */
    private static final class Pending<T> {
        final String operation;
        final byte[] key;
        final Jdbc.Work<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;

        Pending(String operation, byte[] key, Jdbc.Work<T> work) {
            this.operation = operation;
            this.key = key;
            this.work = work;
        }

        void run(Connection connection) throws SQLException {
            result = work.run(connection);
        }

        void complete() {
            done.complete(result);
        }

        void runAlone(Jdbc jdbc) {
            try {
                done.complete(jdbc.transaction(operation, work));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    GroupCommit(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.writer = new Thread(this::write, "store-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs a write in the next batch and waits for its commit.
     *
     * @param operation what it is, for the store's metrics
     * @param key the rows it locks, in the order batches take them (for a token, its {@code jti})
     * @param work the write; it may run in a transaction with others, and again alone
     * @return the write's result, once committed
     * @throws StoreUnavailableException (or another runtime exception of the store) if it failed
     */
    <T> T write(String operation, byte[] key, Jdbc.Work<T> work) {
        Pending<T> pending = new Pending<>(operation, key, work);
        if (closed || !writer.isAlive()) {
            throw new IllegalStateException("the store is closed");
        }
        waiting.add(pending);
        try {
            if (closed) {
                // Closed meanwhile: the writer may have drained the queue for the last time before this write.
                writer.join();
                if (waiting.remove(pending)) {
                    throw new IllegalStateException("the store is closed");
                }
            }
            return pending.done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(operation + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + operation, e);
        }
    }

    private void write() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending<?> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                // An Error ends this thread: no caller of the batch may wait for ever.
                for (Pending<?> unfinished : batch) {
                    unfinished.done.completeExceptionally(new IllegalStateException(unfinished.operation
                            + " did not complete"));
                }
                batch.clear();
            }
        }
        Pending<?> left;
        while ((left = waiting.poll()) != null) {
            left.done.completeExceptionally(new IllegalStateException("the store closed before " + left.operation));
        }
    }

    private void commit(List<Pending<?>> batch) {
        if (batch.size() == 1) {
            batch.get(0).runAlone(jdbc);
            return;
        }
        batch.sort(BY_KEY);
        try {
            jdbc.transaction(batch.get(0).operation + " batch", connection -> {
                for (Pending<?> pending : batch) {
                    pending.run(connection);
                }
                return null;
            });
        } catch (RuntimeException batchFailed) {
            batch.forEach(pending -> pending.runAlone(jdbc));
            return;
        }
        batch.forEach(Pending::complete);
    }

    /** Commits what is waiting, then stops the writer; later writes are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
