package dev.xiqauth.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The embedded store's exclusive claim, a lock on a file in its data directory: the server holds it while it
 * runs, an admin command while it works on the store with no server running. So a server never starts under an
 * admin command that writes the store behind its back, and two servers never serve one embedded store. The
 * operating system releases it when its process ends, however it ends.
 *
 * <p>The file stays when the lock is let go: deleting it would let a process that opened it just before lock a
 * file no longer at the path while another locks a new one, and both would hold "the" lock. It is made only in a
 * directory whose database file is readable or absent ({@link EmbeddedDatabaseFile}), so that a store refused as
 * damaged is left as it was found. Nothing else in this process may open the file: on Linux, closing any
 * descriptor of a file releases the process's locks on it.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock's file name in the data directory. */
    public static final String FILE = "server.lock";

    private final FileChannel file;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /**
     * @param dataDir the data directory, made (owner-only) if it does not exist
     * @return the lock, if no other holder has it now
     * @throws IOException if its file cannot be made
     * @throws DamagedStoreException if the directory has no lock file yet, and a database file that holds no store
     */
    public static Optional<DataDirectoryLock> tryTake(Path dataDir) throws IOException {
        Path path = dataDir.resolve(FILE);
        if (!Files.exists(path)) {
            EmbeddedDatabaseFile.requireReadableOrAbsent(dataDir);
        }
        DataDirectory.prepare(dataDir);
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = file.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        if (lock == null) {
            file.close();
            return Optional.empty();
        }
        return Optional.of(new DataDirectoryLock(file, lock));
    }

    @Override
    public void close() throws IOException {
        try (file) {
            lock.release();
        }
    }
}
