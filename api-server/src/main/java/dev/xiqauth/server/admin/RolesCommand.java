package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.PermissionOptions;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.Role;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code roles list}: the roles of the permission catalogue the server enforces, with what each grants. */
@Command(name = "roles", description = "Show the roles of the permission catalogue.", mixinStandardHelpOptions = true)
public final class RolesCommand {
    private final AdminContext context;
    private final PermissionOptions permissions;

    public RolesCommand(AdminContext context, PermissionOptions permissions) {
        this.context = context;
        this.permissions = permissions;
    }

    @Command(name = "list", description = "List the roles, how many of the catalogue's calls each may make, and the"
            + " permissions each holds (those whose every call it may make).")
    int list() {
        PermissionCatalogue catalogue = permissions.catalogue();
        context.out().printf("%-22s %-22s %-9s %s%n", "ROLE", "DISPLAY NAME", "CALLS", "PERMISSIONS");
        for (Role role : catalogue.roles()) {
            long calls = catalogue.endpoints().stream().filter(call -> call.roles().contains(role.name())).count();
            context.out().printf("%-22s %-22s %-9s %s%n", role.name(), role.displayName(),
                    calls + "/" + catalogue.endpoints().size(),
                    String.join(",", new TreeSet<>(catalogue.permissionsOf(role.name()))));
        }
        return 0;
    }
}
