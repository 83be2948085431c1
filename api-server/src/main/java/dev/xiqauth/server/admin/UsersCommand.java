package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.HashingOptions;
import dev.xiqauth.server.config.PermissionOptions;
import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.Role;
import dev.xiqauth.server.user.Argon2idPasswordHasher;
import dev.xiqauth.server.user.DuplicateUserException;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.user.Usernames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code users ...}: manages the users of the configured store, while the server runs or not. */
@Command(name = "users", description = "Manage users in the configured store.", mixinStandardHelpOptions = true)
public final class UsersCommand {
    private final AdminContext context;

    private final StoreOptions store;
    private final PermissionOptions permissions;

    public UsersCommand(AdminContext context, StoreOptions store, PermissionOptions permissions) {
        this.context = context;
        this.store = store;
        this.permissions = permissions;
    }

    @Command(name = "add", description = "Add a user; the password is read from the terminal or standard input.")
    int add(@Parameters(paramLabel = "<username>") String username,
            @Option(names = "--role", defaultValue = "OPERATOR", completionCandidates = BuiltInRoles.class,
                    description = "The user's role: ${COMPLETION-CANDIDATES} with the built-in catalogue (XIQ's; "
                            + "'Help Desk' and the like are accepted too), or one of --permissions-file's ('roles list'"
                            + " shows them; default ${DEFAULT-VALUE}).")
            String roleName,
            @Mixin HashingOptions hashing) {
        String name;
        try {
            name = Usernames.normalised(username);
        } catch (IllegalArgumentException e) {
            // One line that names the odd character by its code point, never the raw name, which may hold it.
            throw new AdminException(e.getMessage());
        }
        PermissionCatalogue catalogue = permissions.catalogue();
        String role = catalogue.role(roleName).map(Role::name).orElseThrow(() -> new AdminException("no role "
                + roleName + "; the roles are " + String.join(", ", catalogue.roles().stream().map(Role::name).toList())));
        String password = context.passwords().read(name);
        String hash = new Argon2idPasswordHasher(hashing.parameters()).hash(password);
        return withUsers(users -> {
            try {
                User user = users.add(name, hash, role, Optional.empty());
                context.out().println("added user " + user.username() + " (user_id " + user.userId() + ", role "
                        + user.role() + ")");
                return 0;
            } catch (DuplicateUserException | IllegalArgumentException e) {
                throw new AdminException(e.getMessage());
            }
        });
    }

    @Command(name = "passwd", description = "Set a user's password; the user's existing tokens stop working.")
    int passwd(@Parameters(paramLabel = "<username>") String username, @Mixin HashingOptions hashing) {
        String password = context.passwords().read(username);
        String hash = new Argon2idPasswordHasher(hashing.parameters()).hash(password);
        return withUsers(users -> {
            requireFound(users.changePassword(username, hash, invalidationInstant()), username);
            context.out().println("changed the password of " + username + "; its existing tokens are refused");
            return 0;
        });
    }

    @Command(name = "disable", description = "Disable a user; the user's existing tokens stop working.")
    int disable(@Parameters(paramLabel = "<username>") String username) {
        return withUsers(users -> {
            requireFound(users.setEnabled(username, false, invalidationInstant()), username);
            context.out().println("disabled " + username + "; its existing tokens are refused");
            return 0;
        });
    }

    @Command(name = "enable", description = "Enable a user again (tokens from before it was disabled stay refused).")
    int enable(@Parameters(paramLabel = "<username>") String username) {
        return withUsers(users -> {
            requireFound(users.setEnabled(username, true, invalidationInstant()), username);
            context.out().println("enabled " + username);
            return 0;
        });
    }

    @Command(name = "remove", description = "Remove a user; the user's tokens stop working.")
    int remove(@Parameters(paramLabel = "<username>") String username) {
        return withUsers(users -> {
            requireFound(users.remove(username), username);
            context.out().println("removed " + username);
            return 0;
        });
    }

    @Command(name = "list", description = "List the users.")
    int list(@Option(names = "--format", defaultValue = "table", description = "table, or json for scripts "
            + "(default ${DEFAULT-VALUE}).") Listing.Format format) {
        return withUsers(users -> {
            new Listing<User>().column("USER_ID", 10, "user_id", User::userId)
                    .column("USERNAME", 40, "username", User::username)
                    .column("ROLE", 16, "role", User::role)
                    .column("ENABLED", 0, "enabled", User::enabled, user -> user.enabled() ? "yes" : "no")
                    .print(context.out(), format, users.list());
            return 0;
        });
    }

    /** Tokens carry whole seconds: round up, so that a token issued this very second is refused too. */
    private Instant invalidationInstant() {
        return context.clock().instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    private static void requireFound(boolean found, String username) {
        if (!found) {
            throw new AdminException("no user named '" + username + "'");
        }
    }

    /** The roles of the built-in catalogue, for the help of {@code --role}; picocli makes it by reflection. */
    static final class BuiltInRoles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PermissionCatalogue.defaults().roles().stream().map(Role::name).iterator();
        }
    }

    private int withUsers(Function<UserDirectory, Integer> work) {
        return context.withStores(store, stores -> work.apply(stores.users()));
    }
}
