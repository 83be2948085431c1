package dev.xiqauth.server.config;

import dev.xiqauth.server.permission.PermissionCatalogue;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line option that says where the permission catalogue is. It belongs to the top command and
 * is inherited by the admin subcommands, so that {@code roles list} and {@code users add --role} see the
 * roles the server enforces.
 */
public final class PermissionOptions {

    @Option(names = "--permissions-file", scope = ScopeType.INHERIT,
            description = "YAML file of the roles, permissions and calls the server decides by (env "
                    + "XIQ_AUTH_PERMISSIONS_FILE, default the catalogue built in: XIQ's own, see the README).")
    private Path permissionsFile;

    /**
     * @return the catalogue the options name
     * @throws IllegalArgumentException if the file cannot be read or is not a valid catalogue
     */
    public PermissionCatalogue catalogue() {
        return permissionsFile == null ? PermissionCatalogue.defaults() : PermissionCatalogue.read(permissionsFile);
    }
}
