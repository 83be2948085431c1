package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.SigningKeyStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
        SigningKey key = SigningKey.generate(new SecureRandom());
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

    @Command(name = "list", description = "List the keys (their ids, never their material).")
    int list(@Option(names = "--format", defaultValue = "table", description = "table, or json for scripts "
            + "(default ${DEFAULT-VALUE}).") Listing.Format format) {
        return withKeys(keys -> {
            new Listing<SigningKeyStore.StoredKey>().column("KID", 18, "kid", key -> key.key().keyId())
                    .column("CREATED", 22, "created_at", key -> Instant.ofEpochSecond(key.createdAt()).toString())
                    .column("STATE", 0, "state", KeysCommand::stateOf)
                    .print(context.out(), format, keys.list());
            return 0;
        });
    }

    private static String stateOf(SigningKeyStore.StoredKey key) {
        return key.active() ? "signing" : key.retired() ? "retired" : "verifying";
    }

    private int withKeys(Function<SigningKeyStore, Integer> work) {
        return context.withStores(store, stores -> work.apply(stores.signingKeys()));
    }
}
