package dev.xiqauth.server.store.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a store from this server's first permission model to XIQ's: users' roles get XIQ's names
 * ({@code HelpDesk} becomes {@code HELP_DESK}), and API tokens' permissions the XIQ permissions that cover them
 * ({@code device:read} becomes {@code device:r}). Names the first catalogue did not ship (an operator's own
 * {@code --permissions-file}) are left as they are. An API token left with no permission (its only ones were
 * {@code report:read}, which XIQ has no permission for) is revoked, with the API tokens it created: its record is
 * deleted, and one log line names every such token by {@code jti}, so that nothing is lost silently.
 *
 * <p>It is the store's version 7, after the SQL migrations {@code V1} to {@code V6}; Flyway is given it
 * ({@code javaMigrations}) rather than finding it by a class name of its convention.
 */
public final class XiqPermissionModelMigration implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(XiqPermissionModelMigration.class);

    /** The first catalogue's roles, and XIQ's names for them. */
    static final Map<String, String> ROLES = Map.of(
            "Administrator", "ADMINISTRATOR",
            "Operator", "OPERATOR",
            "Monitor", "MONITOR",
            "HelpDesk", "HELP_DESK",
            "GuestManagement", "GUEST_MANAGEMENT",
            "Installer", "INSTALLER",
            "Observer", "OBSERVER");

    /** The first catalogue's permissions, and the XIQ permissions that cover the same calls (none: no XIQ one). */
    static final Map<String, List<String>> PERMISSIONS = Map.ofEntries(
            Map.entry("apitoken:create", List.of("token:new")),
            Map.entry("permission:read", List.of("auth:r", "perm:check")),
            Map.entry("device:read", List.of("device:r")),
            Map.entry("device:write", List.of("device")),
            Map.entry("client:read", List.of("client:r")),
            Map.entry("client:write", List.of("client")),
            Map.entry("network-policy:read", List.of("network-policy:r")),
            Map.entry("network-policy:write", List.of("network-policy")),
            Map.entry("alert:read", List.of("alert:r", "alert-policies:r", "alert-subscriptions:r")),
            Map.entry("alert:write", List.of("alert", "alert-policies", "alert-subscriptions")),
            Map.entry("location:read", List.of("locations:r")),
            Map.entry("location:write", List.of("locations")),
            Map.entry("report:read", List.of()),
            Map.entry("guest:read", List.of("enduser:r")),
            Map.entry("guest:write", List.of("enduser")),
            Map.entry("user:read", List.of("user:r")),
            Map.entry("user:write", List.of("user")));

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "XIQ roles and permissions";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        int users = 0;
        try (PreparedStatement rename = connection.prepareStatement("UPDATE users SET role = ? WHERE role = ?")) {
            for (Map.Entry<String, String> role : ROLES.entrySet()) {
                rename.setString(1, role.getValue());
                rename.setString(2, role.getKey());
                users += rename.executeUpdate();
            }
        }
        List<byte[]> emptied = new ArrayList<>();
        int changed = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT jti, permissions FROM api_tokens");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE api_tokens SET permissions = ? WHERE jti = ?");
                ResultSet tokens = select.executeQuery()) {
            while (tokens.next()) {
                byte[] jti = tokens.getBytes(1);
                String permissions = tokens.getString(2);
                String migrated = migrated(permissions);
                if (migrated.isEmpty()) {
                    emptied.add(jti);
                } else if (!migrated.equals(permissions)) {
                    update.setString(1, migrated);
                    update.setBytes(2, jti);
                    update.executeUpdate();
                    changed++;
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_tokens WHERE jti = ?")) {
            for (byte[] jti : emptied) {
                delete.setBytes(1, jti);
                delete.executeUpdate();
            }
        }
        if (users + changed + emptied.size() > 0) {
            LOG.info("XIQ's permission model: {} users' roles renamed to XIQ's, {} API tokens' permissions replaced"
                    + " by the XIQ permissions that cover them", users, changed);
        }
        if (!emptied.isEmpty()) {
            LOG.warn("revoked {} API tokens, and those they created, for XIQ has no permission for any of theirs"
                    + " (report:read): jti {}", emptied.size(),
                    String.join(", ", emptied.stream().map(HexFormat.of()::formatHex).toList()));
        }
    }

    /** @return the names, space-separated and sorted, with the first catalogue's replaced by XIQ's */
    static String migrated(String permissions) {
        Set<String> names = new TreeSet<>();
        for (String name : permissions.split(" ")) {
            if (!name.isEmpty()) {
                names.addAll(PERMISSIONS.getOrDefault(name, List.of(name)));
            }
        }
        return String.join(" ", names);
    }
}
