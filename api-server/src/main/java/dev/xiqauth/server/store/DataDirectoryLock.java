package dev.xiqauth.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded store's exclusive claim, a lock on a file in its data directory: the server holds it while it
 * runs, an admin command while it works on the store with no server running. So a server never starts under an
 * admin command that writes the store behind its back, and two servers never serve one embedded store. The
 * operating system releases it when its process ends, however it ends.
 *
 * <p>The file is deleted as the lock is let go, so that a command or a server that refuses the store leaves the
 * directory as it found it. A process may then hold a lock on the deleted file, opened before the deletion: so each
 * taker writes a mark of its own into the file it locked and reads the path back; only when it finds its mark there
 * does it hold the lock of the file at the path.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock's file name in the data directory. */
    public static final String FILE = "server.lock";

    private final Path path;
    private final FileChannel file;
    private final FileLock lock;

    private DataDirectoryLock(Path path, FileChannel file, FileLock lock) {
        this.path = path;
        this.file = file;
        this.lock = lock;
    }

    /**
     * @param dataDir the data directory, made (owner-only) if it does not exist
     * @return the lock, if no other holder has it now
     * @throws IOException if its file cannot be made
     */
    public static Optional<DataDirectoryLock> tryTake(Path dataDir) throws IOException {
        DataDirectory.prepare(dataDir);
        Path path = dataDir.resolve(FILE);
        while (true) {
            FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = lockOrNull(file);
                if (lock == null) {
                    file.close();
                    return Optional.empty();
                }
                if (isAtPath(file, path)) {
                    return Optional.of(new DataDirectoryLock(path, file, lock));
                }
                file.close(); // a file its last holder deleted: the one at the path now is the lock
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
    }

    private static FileLock lockOrNull(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static boolean isAtPath(FileChannel file, Path path) throws IOException {
        byte[] mark = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        file.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(mark);
        while (buffer.hasRemaining()) {
            file.write(buffer, buffer.position());
        }
        try {
            return Arrays.equals(mark, Files.readAllBytes(path));
        } catch (NoSuchFileException deleted) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(path); // while it is held: see the class's comment
        } finally {
            try (file) {
                lock.release();
            }
        }
    }
}
