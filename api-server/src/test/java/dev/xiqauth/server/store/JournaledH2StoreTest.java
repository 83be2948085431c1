package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.token.RevocationStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default as the server runs it: its revocations through their journal. */
final class JournaledH2StoreTest extends JdbcStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings freshStore() {
        return StoreSettings.embedded(dataDir);
    }

    @Override
    protected RevocationStore revocationsOver(JdbcRevocationStore database) {
        return JournaledRevocationStore.open(dataDir, database);
    }

    @Override
    protected void releaseStore() {
        // @TempDir deletes the database file and the journal.
    }
}
