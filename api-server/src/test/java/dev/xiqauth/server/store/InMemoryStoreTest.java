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
        InMemoryUserDirectory users = new InMemoryUserDirectory();
        return new OpenStores(users, new InMemoryRevocationStore(clock, keys),
                new InMemoryLoginFailureStore(), new InMemoryKnownClientStore(), keys,
                new InMemoryApiTokenStore(clock, users::findById),
                new InMemoryQuotaLedger(), () -> { });
    }
}
