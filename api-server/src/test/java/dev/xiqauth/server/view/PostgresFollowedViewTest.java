package dev.xiqauth.server.view;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.PostgresSchema;

/** A followed view on PostgreSQL, with the store's notifications, in a schema of its own per test. */
final class PostgresFollowedViewTest extends FollowedViewContract {
    private PostgresSchema schema;

    @Override
    protected StoreSettings freshStore() {
        schema = PostgresSchema.create();
        return schema.settings();
    }

    @Override
    protected void releaseStore() throws Exception {
        schema.close();
    }

    @Override
    protected int rounds() {
        return 1_000;
    }
}
