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

    /** Settings only: it runs here, once, and not against every store. */
    @org.junit.jupiter.api.Test
    void h2WithoutPostgresqlModeIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StoreSettings("jdbc:h2:mem:x",
                java.util.Optional.empty(), java.util.Optional.empty(), 1, java.time.Duration.ofSeconds(1)))
                .hasMessageContaining("MODE=PostgreSQL");
    }
}
