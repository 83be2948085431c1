package dev.xiqauth.server.user;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the password hashing running at once (each Argon2id hash holds its memory, 19 MiB by
 * default, and a core) and the requests waiting for a turn. A request that finds the queue full is
 * answered at once with 503 and {@code Retry-After}, so a login flood can neither exhaust memory
 * nor make waiting times unbounded, and the request threads it leaves free keep serving logouts.
 */
public final class BoundedPasswordHasher implements PasswordHasher {
    private static final long MAX_WAIT_MILLIS = 5_000;

    private final PasswordHasher hasher;
    private final Semaphore running;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();

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
        this.maxWaiting = maxWaiting;
    }

    @Override
    public String hash(String password) {
        acquire();
        try {
            return hasher.hash(password);
        } finally {
            running.release();
        }
    }

    @Override
    public boolean verify(String encodedHash, String password) {
        acquire();
        try {
            return hasher.verify(encodedHash, password);
        } finally {
            running.release();
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return hasher.needsRehash(encodedHash);
    }

    /** @return requests waiting for a turn now */
    public int queueDepth() {
        return waiting.get();
    }

    private void acquire() {
        if (running.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw busy("password hashing queue full");
        }
        try {
            if (!running.tryAcquire(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy("waited too long for password hashing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for password hashing");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static ApiProblem busy(String reason) {
        return new ApiProblem(ErrorCode.SERVICE_UNAVAILABLE, Map.of("Retry-After", "1"), reason);
    }
}
