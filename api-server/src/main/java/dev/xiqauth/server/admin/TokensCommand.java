package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokens ...}: lists and revokes the API tokens of the configured store, while the server runs or
 * not. Login tokens are not recorded; disabling their user, or {@code users passwd}, refuses them.
 */
@Command(name = "tokens", description = "List and revoke API tokens in the configured store.",
        mixinStandardHelpOptions = true)
public final class TokensCommand {
    private static final Pattern JTI = Pattern.compile("[0-9a-f]{32}");

    private final AdminContext context;
    private final StoreOptions store;

    public TokensCommand(AdminContext context, StoreOptions store) {
        this.context = context;
        this.store = store;
    }

    @Command(name = "list", description = "List the API tokens (never the tokens themselves: their ids).")
    int list(@Option(names = "--user", paramLabel = "<username>", description = "Only those this user created.")
            String username, @Option(names = "--format", defaultValue = "table", description = "table, or json for "
            + "scripts (default ${DEFAULT-VALUE}).") Listing.Format format) {
        return context.withStores(store, stores -> {
            Map<Long, String> names = stores.users().list().stream()
                    .collect(Collectors.toMap(User::userId, User::username));
            List<ApiTokenRecord> tokens;
            if (username == null) {
                tokens = stores.apiTokens().list();
            } else {
                User user = stores.users().findByUsername(username)
                        .orElseThrow(() -> new AdminException("no user named '" + username + "'"));
                tokens = stores.apiTokens().listCreatedBy(user.userId());
            }
            new Listing<ApiTokenRecord>().column("ID", 32, "id", ApiTokenRecord::jti)
                    .column("USER", 30, "user", token -> names.getOrDefault(token.userId(), "user_id " + token.userId()))
                    .column("CREATED", 20, "created_at", token -> token.createdAt().toString())
                    .column("EXPIRES", 20, "expires_at", token -> token.expiresAt().map(Instant::toString).orElse(null),
                            token -> token.expiresAt().map(Instant::toString).orElse("never"))
                    .column("PERMISSIONS", 40, "permissions", token -> List.copyOf(token.sortedPermissions()),
                            token -> String.join(",", token.sortedPermissions()))
                    .column("DESCRIPTION", 0, "description", token -> token.description().orElse(null),
                            token -> token.description().orElse(""))
                    .print(context.out(), format, tokens);
            return 0;
        });
    }

    @Command(name = "revoke", description = "Revoke an API token: every running server refuses it from its next "
            + "request.")
    int revoke(@Parameters(paramLabel = "<id>", description = "Its id, as 'tokens list' shows it.") String jti) {
        if (!JTI.matcher(jti).matches()) {
            throw new AdminException("'" + jti + "' is not a token id: 'tokens list' shows them, 32 hex digits");
        }
        return context.withStores(store, stores -> {
            if (!stores.apiTokens().revoke(jti)) {
                throw new AdminException("no API token with id " + jti);
            }
            context.out().println("revoked API token " + jti + "; every server refuses it from the next request");
            return 0;
        });
    }
}
