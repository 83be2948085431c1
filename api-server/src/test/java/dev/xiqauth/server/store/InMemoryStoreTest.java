package dev.xiqauth.server.store;

import dev.xiqauth.server.login.InMemoryKnownClientStore;
import dev.xiqauth.server.login.InMemoryLoginFailureStore;
import dev.xiqauth.server.ratelimit.InMemoryQuotaLedger;
import dev.xiqauth.server.token.InMemoryApiTokenStore;
import dev.xiqauth.server.token.InMemoryRevocationStore;
import dev.xiqauth.server.token.InMemorySigningKeyStore;
import dev.xiqauth.server.user.InMemoryUserDirectory;

/** The store contract on the in-memory stores the tests use in place of a database. */
final class InMemoryStoreTest extends StoreContract {
    @Override
    protected OpenStores openEmpty() {
        InMemorySigningKeyStore keys = new InMemorySigningKeyStore(clock);
        return new OpenStores(new InMemoryUserDirectory(), new InMemoryRevocationStore(clock, keys),
                new InMemoryLoginFailureStore(), new InMemoryKnownClientStore(), keys, new InMemoryApiTokenStore(clock),
                new InMemoryQuotaLedger(), () -> { });
    }
}
