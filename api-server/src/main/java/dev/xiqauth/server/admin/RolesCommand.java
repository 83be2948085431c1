package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.PermissionOptions;
import dev.xiqauth.server.permission.Role;
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

    @Command(name = "list", description = "List the roles and the permissions each grants.")
    int list() {
        context.out().printf("%-18s %-60s %s%n", "ROLE", "DESCRIPTION", "PERMISSIONS");
        for (Role role : permissions.catalogue().roles()) {
            context.out().printf("%-18s %-60s %s%n", role.name(), role.description(),
                    String.join(",", role.sortedPermissions()));
        }
        return 0;
    }
}
