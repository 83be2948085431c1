package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.config.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The issuance races on the embedded default. */
final class H2IssuanceRaceTest extends IssuanceRaceContract {
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
