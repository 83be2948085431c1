package dev.xiqauth.server.admin;

import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.user.UserDirectory;
import java.util.Objects;

/**
 * The stores an admin command works on, opened for that command alone: the same database the server
 * is configured with, reached through the same ports.
 *
 * @param users the users
 * @param signingKeys the signing keys
 * @param apiTokens the API tokens
 * @param closer closes what was opened for them
 */
public record AdminStores(UserDirectory users, SigningKeyStore signingKeys, ApiTokenStore apiTokens,
        AutoCloseable closer)
        implements AutoCloseable {

    public AdminStores {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(signingKeys, "signingKeys");
        Objects.requireNonNull(apiTokens, "apiTokens");
        Objects.requireNonNull(closer, "closer");
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
