package dev.xiqauth.server.store;

/** The store contract on PostgreSQL, in a schema of its own per test. */
final class PostgresStoreTest extends StoreContract {
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
