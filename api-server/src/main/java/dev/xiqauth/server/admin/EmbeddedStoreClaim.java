package dev.xiqauth.server.admin;

import dev.xiqauth.server.store.DataDirectoryLock;
import dev.xiqauth.server.view.LeaseProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an admin command holds while it works on the embedded store: a lease of the server running on it
 * ({@link ServerLease}), or, when none runs, the data directory's lock ({@link DataDirectoryLock}), which keeps a
 * server from starting on the store until the command is done. Either way no server answers a check from a view
 * the command's change has left behind.
 */
final class EmbeddedStoreClaim {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreClaim.class);
    private static final long RETRY_MILLIS = 100;

    private EmbeddedStoreClaim() {
    }

    /**
     * @param dataDir the data directory
     * @param wait how long to wait while a server is starting, or another command holds the lock
     * @return the claim, to be closed once the store is closed
     * @throws AdminException if neither can be had within the wait
     * @throws UncheckedIOException if the lock's file cannot be made
     */
    static AutoCloseable take(Path dataDir, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<ServerLease> lease = ServerLease.take(dataDir);
            if (lease.isPresent()) {
                return lease.get();
            }
            Optional<DataDirectoryLock> lock;
            try {
                lock = DataDirectoryLock.tryTake(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use the data directory " + dataDir + ": " + e.getMessage(), e);
            }
            if (lock.isPresent()) {
                // No server runs: a socket left by one that crashed would make a server starting now believe another
                // serves the store.
                try {
                    Files.deleteIfExists(LeaseProtocol.socketIn(dataDir));
                } catch (IOException e) {
                    LOG.debug("a crashed server's socket was left: {}", e.toString());
                }
                return lock.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AdminException("the store in " + dataDir + " is in use: a server is starting on it, or "
                        + "another admin command works on it with no server running; try again");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while waiting for the store in " + dataDir);
            }
        }
    }
}
