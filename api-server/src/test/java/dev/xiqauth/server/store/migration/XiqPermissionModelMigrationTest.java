package dev.xiqauth.server.store.migration;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.H2Loopback;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A store of the first permission model opens on XIQ's: users' roles and API tokens' permissions are renamed, an
 * operator's own names are kept, and an API token XIQ has no permission for is revoked with its children and
 * named in the log, never dropped silently.
 */
final class XiqPermissionModelMigrationTest {
    private static final byte[] READER = HexFormat.of().parseHex("01010101010101010101010101010101");
    private static final byte[] WRITER = HexFormat.of().parseHex("02020202020202020202020202020202");
    private static final byte[] REPORTS = HexFormat.of().parseHex("03030303030303030303030303030303");
    private static final byte[] REPORTS_CHILD = HexFormat.of().parseHex("04040404040404040404040404040404");
    private static final byte[] CUSTOM = HexFormat.of().parseHex("05050505050505050505050505050505");

    @TempDir
    Path dataDir;

    @Test
    void aStoreOfTheFirstModelOpensWithXiqsRolesAndPermissionsAndNamesWhatItRevoked() throws SQLException {
        StoreSettings settings = StoreSettings.embedded(dataDir);
        H2Loopback.require(); // as Database.open does before H2 is first loaded: its server listens on loopback only
        Flyway.configure().dataSource(settings.jdbcUrl(), null, null).locations("classpath:db/migration").target("6")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl())) {
            long helpDesk = user(connection, "desk@example.com", "HelpDesk");
            long admin = user(connection, "admin@example.com", "Administrator");
            user(connection, "auditor@example.com", "Auditor");
            token(connection, READER, helpDesk, "device:read permission:read", null);
            token(connection, WRITER, admin, "apitoken:create device:read device:write", null);
            token(connection, REPORTS, admin, "report:read", null);
            token(connection, REPORTS_CHILD, admin, "device:read", REPORTS);
            token(connection, CUSTOM, admin, "ledger:read user:write", null);
        }
        Logger log = (Logger) LoggerFactory.getLogger(XiqPermissionModelMigration.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (Database database = Database.open(settings)) {
            Connection connection = database.dataSource().getConnection();
            try (connection) {
                assertThat(roles(connection)).containsEntry("desk@example.com", "HELP_DESK")
                        .containsEntry("admin@example.com", "ADMINISTRATOR")
                        .as("a role of the operator's own catalogue").containsEntry("auditor@example.com", "Auditor");
                assertThat(permissions(connection)).containsExactlyInAnyOrderEntriesOf(Map.of(
                        HexFormat.of().formatHex(READER), "auth:r device:r perm:check",
                        HexFormat.of().formatHex(WRITER), "device device:r token:new",
                        HexFormat.of().formatHex(CUSTOM), "ledger:read user"));
            }
        } finally {
            log.detachAppender(lines);
        }
        assertThat(lines.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("revoked 1 API tokens").contains(HexFormat.of().formatHex(REPORTS)));
    }

    private static long user(Connection connection, String name, String role) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users (username, username_key,"
                + " password_hash, role, enabled, tokens_valid_after) VALUES (?, ?, 'hash', ?, TRUE, 0)",
                new String[] {"user_id"})) {
            insert.setString(1, name);
            insert.setString(2, name);
            insert.setString(3, role);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void token(Connection connection, byte[] jti, long userId, String permissions, byte[] parent)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_tokens (jti, user_id,"
                + " permissions, created_at, parent_jti) VALUES (?, ?, ?, 0, ?)")) {
            insert.setBytes(1, jti);
            insert.setLong(2, userId);
            insert.setString(3, permissions);
            insert.setBytes(4, parent);
            insert.executeUpdate();
        }
    }

    private static Map<String, String> roles(Connection connection) throws SQLException {
        Map<String, String> roles = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT username, role FROM users");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                roles.put(rows.getString(1), rows.getString(2));
            }
        }
        return roles;
    }

    private static Map<String, String> permissions(Connection connection) throws SQLException {
        Map<String, String> permissions = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT jti, permissions FROM api_tokens");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                permissions.put(HexFormat.of().formatHex(rows.getBytes(1)), rows.getString(2));
            }
        }
        return permissions;
    }
}
