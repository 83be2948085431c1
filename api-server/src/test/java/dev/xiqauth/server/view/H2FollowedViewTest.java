package dev.xiqauth.server.view;

import dev.xiqauth.server.config.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A followed view on the embedded store's file, opened by a writer and a view in one process; no notifications. */
final class H2FollowedViewTest extends FollowedViewContract {
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

    @Override
    protected int rounds() {
        return 20;
    }
}
