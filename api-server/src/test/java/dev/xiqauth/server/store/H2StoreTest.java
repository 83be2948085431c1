package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file in the data directory. */
final class H2StoreTest extends JdbcStoreContract {
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
    @Test
    void h2WithoutPostgresqlModeIsRefusedAtStart() {
        Assertions.assertThatThrownBy(() -> new StoreSettings("jdbc:h2:mem:x",
                Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(1)))
                .hasMessageContaining("MODE=PostgreSQL");
    }
}
