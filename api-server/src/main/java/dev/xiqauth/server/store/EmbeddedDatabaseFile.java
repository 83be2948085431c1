package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's file, checked before H2 opens it for writing. H2 makes a new, empty
 * database not only where no file exists, but also of an empty (0-byte) file, and of a file whose
 * header it can read but whose data it cannot; the server would then start over with a new signing
 * key and a new first user, every other user gone. So a new store is made only where no file exists
 * at all. Any other file is first opened by H2 read-only: one it cannot read, or in which it finds
 * no data, stops the server and the admin commands with one line naming it, and is left as it was.
 */
final class EmbeddedDatabaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseFile.class);
    /** What H2 adds to the database name for its file. */
    private static final String SUFFIX = ".mv.db";
    private static final String WHAT_TO_DO = "; it was left as it is. Restore it from a backup, or move it away "
            + "to start a new, empty store (a new signing key and first user)";

    private EmbeddedDatabaseFile() {
    }

    /**
     * @param dataDir the data directory of the embedded database
     * @throws DamagedStoreException if the database file exists but holds no store H2 can read
     */
    static void requireReadableOrAbsent(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(StoreSettings.EMBEDDED_DATABASE + SUFFIX);
        if (!Files.exists(file)) {
            LOG.info("no database file at {}: making a new, empty store there", file);
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new DamagedStoreException("the embedded database file " + file + " is not a file" + WHAT_TO_DO);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DamagedStoreException("cannot read the embedded database file " + file + ": " + e);
        }
        if (size == 0) {
            throw new DamagedStoreException("the embedded database file " + file + " is empty (0 bytes)" + WHAT_TO_DO);
        }
        if (!holdsData(file)) {
            throw new DamagedStoreException("the embedded database file " + file
                    + " is damaged: H2 finds no data in it" + WHAT_TO_DO);
        }
    }

    /** @return whether H2, reading without writing, finds data in the file; or that another opener holds it */
    private static boolean holdsData(Path file) {
        H2Loopback.require(); // the first use of H2 in the process may be this one: its address is settled first
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            return !store.getMapNames().isEmpty();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                // Open in a running server (or in this process): it was checked when that opened it, and the
                // admin commands reach it through that process.
                return true;
            }
            throw new DamagedStoreException("the embedded database file " + file + " is damaged: H2 cannot read it ("
                    + e.getMessage() + ")" + WHAT_TO_DO);
        } catch (RuntimeException e) {
            throw new DamagedStoreException("the embedded database file " + file + " is damaged: H2 cannot read it ("
                    + e + ")" + WHAT_TO_DO);
        }
    }
}
