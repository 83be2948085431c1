package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.PostgresSchema;

/** The issuance races on PostgreSQL, in a schema of its own. */
final class PostgresIssuanceRaceTest extends IssuanceRaceContract {
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
