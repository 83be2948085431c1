package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;

/** The store contract on PostgreSQL, in a schema of its own per test. */
final class PostgresStoreTest extends JdbcStoreContract {
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
}
