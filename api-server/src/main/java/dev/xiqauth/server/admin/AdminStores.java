package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.store.DataDirectory;
import dev.xiqauth.server.store.Database;
import java.io.IOException;

/** Opens the store an admin command works on: the same one the server is configured with. */
final class AdminStores {
    private AdminStores() {
    }

    static Database open(StoreOptions store, Secrets secrets) {
        if (store.dbUrl().isEmpty()) {
            try {
                DataDirectory.prepare(store.dataDir());
            } catch (IOException e) {
                throw new AdminException("cannot use the data directory " + store.dataDir() + ": " + e.getMessage());
            }
        }
        try {
            return Database.open(store.storeSettings(secrets));
        } catch (IllegalStateException e) {
            throw new AdminException("the store cannot be reached: " + e.getMessage());
        }
    }
}
