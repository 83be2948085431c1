package dev.xiqauth.server.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data directory holds the embedded database, with password hashes and signing keys: it is made
 * readable by its owner only.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * @param dir the directory, made (owner-only) if it does not exist
     * @return the directory
     * @throws IOException if it cannot be made
     */
    public static Path prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectories(dir);
    }
}
