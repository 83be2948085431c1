package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.PermissionOptions;
import dev.xiqauth.server.permission.Permission;
import picocli.CommandLine.Command;

/** {@code permissions list}: the permissions of the catalogue the server enforces. */
@Command(name = "permissions", description = "Show the permissions of the permission catalogue.",
        mixinStandardHelpOptions = true)
public final class PermissionsCommand {
    private final AdminContext context;
    private final PermissionOptions permissions;

    public PermissionsCommand(AdminContext context, PermissionOptions permissions) {
        this.context = context;
        this.permissions = permissions;
    }

    @Command(name = "list", description = "List the permissions, by category.")
    int list() {
        context.out().printf("%-24s %-16s %s%n", "PERMISSION", "CATEGORY", "DESCRIPTION");
        for (Permission permission : permissions.catalogue().permissions()) {
            context.out().printf("%-24s %-16s %s%n", permission.name(), permission.category(), permission.description());
        }
        return 0;
    }
}
