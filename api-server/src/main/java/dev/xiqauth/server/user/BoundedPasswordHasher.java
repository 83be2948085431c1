package dev.xiqauth.server.user;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the password hashing running at once (each Argon2id hash holds its memory, 19 MiB by
 * default, and a core) and the requests waiting for a turn. A request that finds the queue full is
 * answered at once with 503 and {@code Retry-After}, so a login flood can neither exhaust memory
 * nor make waiting times unbounded, and the request threads it leaves free keep serving logouts.
 *
 * <p>The hashes run on {@code concurrency} threads of their own, never on the request threads, so that the
 * memory hashing holds stays {@code concurrency} times one hash's, kept for the next hashes
 * ({@link HashMemoryPool}) whatever the number of request threads.
 *
 * <p>Those threads run at the lowest scheduling priority ({@link BackgroundPriority}, on Linux). A token
 * check is the hot path of every service that trusts this server and costs well under a millisecond; a
 * login costs a hash of tens. A login flood then only uses the CPU that token checks and logouts leave
 * idle, and still all of it when they leave it idle.
 */
public final class BoundedPasswordHasher implements PasswordHasher, AutoCloseable {
    private static final long MAX_WAIT_MILLIS = 5_000;

    private final PasswordHasher hasher;
    private final ExecutorService hashingThreads;
    private final Semaphore running;
    private final int concurrency;
    private final int capacity;
    // Callers hashing or waiting, counted from admission to the end of their hash: one count, so that a caller
    // whose hash has ended is never still counted as waiting or running when its next request arrives.
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * @param hasher the hasher to bound
     * @param concurrency hashes computed at once, about the number of cores
     * @param maxWaiting requests allowed to wait for a turn
     */
    public BoundedPasswordHasher(PasswordHasher hasher, int concurrency, int maxWaiting) {
        if (concurrency < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("hash concurrency must be at least 1 and the queue not negative");
        }
        this.hasher = hasher;
        this.running = new Semaphore(concurrency, true);
        this.concurrency = concurrency;
        this.capacity = concurrency + maxWaiting;
        AtomicInteger threads = new AtomicInteger();
        this.hashingThreads = Executors.newFixedThreadPool(concurrency, work -> {
            Thread thread = new Thread(() -> {
                BackgroundPriority.applyToCallingThread();
                work.run();
            }, "password-hashing-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String hash(String password) {
        return onHashingThread(() -> hasher.hash(password));
    }

    @Override
    public boolean verify(String encodedHash, String password) {
        return onHashingThread(() -> hasher.verify(encodedHash, password));
    }

    /** Waits for a turn, then has one of the hashing threads do the work while the caller waits. */
    private <T> T onHashingThread(Callable<T> work) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            throw busy("password hashing queue full");
        }
        try {
            return whenATurnComes(work);
        } finally {
            admitted.decrementAndGet();
        }
    }

    private <T> T whenATurnComes(Callable<T> work) {
        try {
            if (!running.tryAcquire(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy("waited too long for password hashing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for password hashing");
        }
        try {
            return hashingThreads.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while hashing a password");
        } catch (RejectedExecutionException e) {
            throw busy("password hashing has stopped");
        } finally {
            running.release();
        }
    }

    @Override
    public void close() {
        hashingThreads.shutdownNow();
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return hasher.needsRehash(encodedHash);
    }

    /** @return whether every slot is taken and the queue is full: a new request would be refused now */
    public boolean isSaturated() {
        return admitted.get() >= capacity;
    }

    /** @return requests waiting for a turn now */
    public int queueDepth() {
        return Math.max(0, admitted.get() - concurrency);
    }

    private static ApiProblem busy(String reason) {
        return new ApiProblem(ErrorCode.SERVICE_UNAVAILABLE, Map.of("Retry-After", "1"), reason);
    }
}
