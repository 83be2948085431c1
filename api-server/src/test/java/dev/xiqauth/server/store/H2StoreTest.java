package dev.xiqauth.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file in the data directory. */
final class H2StoreTest extends StoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings freshStore() {
        return StoreSettings.embedded(dataDir);
    }

    @Override
    protected void releaseStore() {
        // @TempDir deletes the database file.
    }
}
