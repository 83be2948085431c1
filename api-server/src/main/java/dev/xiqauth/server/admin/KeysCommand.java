package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.SigningKeyStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code keys ...}: rotates and retires the signing keys of the configured store. */
@Command(name = "keys", description = "Manage the token signing keys in the configured store.",
        mixinStandardHelpOptions = true)
public final class KeysCommand {
    private final AdminContext context;

    private final StoreOptions store;

    public KeysCommand(AdminContext context, StoreOptions store) {
        this.context = context;
        this.store = store;
    }

    @Command(name = "rotate", description = "Sign new tokens with a new key; tokens of the previous key stay valid "
            + "until they expire or the key is retired. Running servers sign with it from their next login.")
    int rotate() {
        byte[] secret = new byte[SigningKey.MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        SigningKey key = new SigningKey(secret);
        return withKeys(keys -> {
            keys.rotate(key);
            context.out().println("new tokens are signed with key " + key.keyId());
            return 0;
        });
    }

    @Command(name = "retire", description = "Refuse the tokens of a key that no longer signs: every running server "
            + "refuses them from its next request.")
    int retire(@Parameters(paramLabel = "<kid>") String keyId) {
        return withKeys(keys -> {
            try {
                if (!keys.retire(keyId)) {
                    throw new AdminException("no key with kid " + keyId);
                }
            } catch (IllegalStateException e) {
                throw new AdminException(e.getMessage());
            }
            context.out().println("retired key " + keyId + "; every server refuses its tokens from the next request");
            return 0;
        });
    }

    @Command(name = "list", description = "List the keys.")
    int list() {
        return withKeys(keys -> {
            context.out().printf("%-18s %-22s %s%n", "KID", "CREATED", "STATE");
            for (SigningKeyStore.StoredKey key : keys.list()) {
                String state = key.active() ? "signing" : key.retired() ? "retired" : "verifying";
                context.out().printf("%-18s %-22s %s%n", key.key().keyId(), Instant.ofEpochSecond(key.createdAt()),
                        state);
            }
            return 0;
        });
    }

    private int withKeys(Function<SigningKeyStore, Integer> work) {
        return context.withStores(store, stores -> work.apply(stores.signingKeys()));
    }
}
