package dev.xiqauth.server.store;

import dev.xiqauth.server.user.DuplicateUserException;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.user.Usernames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Users in the database. Fit for any number of instances sharing one database. */
public final class JdbcUserDirectory implements UserDirectory {
    private static final String COLUMNS = "user_id, username, password_hash, role, enabled, tokens_valid_after, "
            + "customer_id, customer_mode, hiq_enabled, owner_id, org_id, data_center, token_generation";
    private static final String CHANGE_PASSWORD = "UPDATE users SET password_hash = ?, tokens_valid_after = ?, "
            + "token_generation = token_generation + 1 WHERE username_key = ?";
    private static final String DISABLE = "UPDATE users SET enabled = FALSE, tokens_valid_after = ?, "
            + "token_generation = token_generation + 1 WHERE username_key = ?";
    /** SQLSTATE of a unique-constraint violation, in PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;
    private final ChangeAppender changes;

    public JdbcUserDirectory(Database database) {
        this.jdbc = database.jdbc();
        this.changes = database.changeAppender();
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return findOne("find user", "username_key = ?", statement -> statement.setString(1, key(username)));
    }

    @Override
    public Optional<User> findById(long userId) {
        return findOne("find user by id", "user_id = ?", statement -> statement.setLong(1, userId));
    }

    @Override
    public User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
        Usernames.requireValid(username);
        Set<String> skeletons = Usernames.skeletons(username);
        return jdbc.transaction("add user", connection -> {
            requireNoLookAlike(connection, username, skeletons);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users (username, username_key, "
                    + "password_hash, role, enabled, tokens_valid_after, customer_id, customer_mode, hiq_enabled, "
                    + "owner_id, org_id, data_center) VALUES (?, ?, ?, ?, TRUE, 0, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, username);
                insert.setString(2, key(username));
                insert.setString(3, passwordHash);
                insert.setString(4, role);
                setTenant(insert, tenant);
                insert.executeUpdate();
                long userId;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    userId = keys.getLong(1);
                }
                changes.userChanged(connection, userId);
                return new User(userId, username, passwordHash, role, tenant, true, Instant.EPOCH);
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new DuplicateUserException(username);
                }
                throw e;
            }
        });
    }

    /**
     * Refuses a name that looks like an existing user's (UTS #39 skeletons: {@code rn} and {@code m}, a Cyrillic
     * and a Latin {@code a}): a look-alike of an administrator is a phishing account. Users are few and added
     * rarely, so every name is compared, without a column to migrate.
     */
    private static void requireNoLookAlike(Connection connection, String username, Set<String> skeletons)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT username FROM users");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String existing = rows.getString("username");
                if (looksAlike(existing, skeletons) && !key(existing).equals(key(username))) {
                    throw new DuplicateUserException(username, existing);
                }
            }
        }
    }

    private static boolean looksAlike(String existing, Set<String> skeletons) {
        try {
            return !Collections.disjoint(Usernames.skeletons(existing), skeletons);
        } catch (IllegalArgumentException storedBeforeNamesWereChecked) {
            return false;
        }
    }

    @Override
    public boolean isEmpty() {
        return jdbc.run("count users", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM users FETCH FIRST 1 ROWS ONLY");
                    ResultSet rows = select.executeQuery()) {
                return !rows.next();
            }
        });
    }

    @Override
    public List<User> list() {
        return jdbc.run("list users", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM users ORDER BY user_id");
                    ResultSet rows = select.executeQuery()) {
                List<User> users = new ArrayList<>();
                while (rows.next()) {
                    users.add(read(rows));
                }
                return users;
            }
        });
    }

    @Override
    public Map<String, Long> hashParameterCounts() {
        return jdbc.run("count hash parameters", connection -> {
            // One regular expression that PostgreSQL and H2 (Java's syntax) read alike: the last two $-fields.
            try (PreparedStatement select = connection.prepareStatement("SELECT parameters, COUNT(*) AS hashes FROM "
                    + "(SELECT REGEXP_REPLACE(password_hash, ?, '') AS parameters FROM users) AS stored "
                    + "GROUP BY parameters")) {
                select.setString(1, "\\$[^$]*\\$[^$]*$");
                try (ResultSet rows = select.executeQuery()) {
                    Map<String, Long> counts = new HashMap<>();
                    while (rows.next()) {
                        counts.put(rows.getString("parameters"), rows.getLong("hashes"));
                    }
                    return Map.copyOf(counts);
                }
            }
        });
    }

    @Override
    public boolean changePassword(String username, String passwordHash, Instant invalidateBefore) {
        return updateAndForgetApiTokens("change password", CHANGE_PASSWORD, statement -> {
            statement.setString(1, passwordHash);
            statement.setLong(2, invalidateBefore.getEpochSecond());
            statement.setString(3, key(username));
        }, username);
    }

    @Override
    public boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
        if (enabled) {
            return jdbc.transaction("enable user", connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "UPDATE users SET enabled = TRUE WHERE username_key = ?")) {
                    statement.setString(1, key(username));
                    if (statement.executeUpdate() == 0) {
                        return false;
                    }
                }
                changes.userChanged(connection, idOf(connection, username));
                return true;
            });
        }
        return updateAndForgetApiTokens("disable user", DISABLE, statement -> {
            statement.setLong(1, invalidateBefore.getEpochSecond());
            statement.setString(2, key(username));
        }, username);
    }

    @Override
    public boolean remove(String username) {
        return jdbc.transaction("remove user", connection -> {
            long userId;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_id FROM users WHERE username_key = ? FOR UPDATE")) {
                select.setString(1, key(username));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    userId = row.getLong(1);
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM users WHERE user_id = ?")) {
                delete.setLong(1, userId);
                delete.executeUpdate();
            }
            changes.userChanged(connection, userId);
            return true;
        });
    }

    /** No entry in the change log: a check never reads the hash, and the user's tokens stay as they were. */
    @Override
    public boolean upgradeHash(long userId, String currentHash, String strongerHash) {
        return update("upgrade hash", "UPDATE users SET password_hash = ? WHERE user_id = ? AND password_hash = ?",
                statement -> {
                    statement.setString(1, strongerHash);
                    statement.setLong(2, userId);
                    statement.setString(3, currentHash);
                });
    }

    /** Sets the parameters of a prepared statement. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Optional<User> findOne(String operation, String where, Binder binder) {
        return jdbc.run(operation, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM users WHERE " + where)) {
                binder.bind(select);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Updates the user, moving its token generation on, and, in the same transaction, forgets the API tokens it
     * created: the new generation refuses them anyway, and their records would otherwise be listed as live, and
     * never purged if they do not expire. The update locks the user's row until the commit, and an API token is
     * recorded only under that lock ({@link JdbcApiTokenStore#add}): one recorded before the update is deleted
     * here, one after it sees the new generation and is refused.
     */
    private boolean updateAndForgetApiTokens(String operation, String sql, Binder binder, String username) {
        return jdbc.transaction(operation, connection -> {
            boolean updated;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                updated = statement.executeUpdate() > 0;
            }
            if (updated) {
                long userId = idOf(connection, username);
                try (PreparedStatement forget = connection.prepareStatement(
                        "DELETE FROM api_tokens WHERE user_id = ?")) {
                    forget.setLong(1, userId);
                    forget.executeUpdate();
                }
                changes.userChanged(connection, userId);
            }
            return updated;
        });
    }

    private static long idOf(Connection connection, String username) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM users WHERE username_key = ?")) {
            select.setString(1, key(username));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private boolean update(String operation, String sql, Binder binder) {
        return jdbc.run(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate() > 0;
            }
        });
    }

    private static User read(ResultSet row) throws SQLException {
        long customerId = row.getLong("customer_id");
        Optional<TenantAttributes> tenant = row.wasNull() ? Optional.empty()
                : Optional.of(new TenantAttributes(customerId, row.getInt("customer_mode"), row.getBoolean("hiq_enabled"),
                        row.getLong("owner_id"), row.getLong("org_id"), row.getString("data_center")));
        return new User(row.getLong("user_id"), row.getString("username"), row.getString("password_hash"),
                row.getString("role"), tenant, row.getBoolean("enabled"),
                Instant.ofEpochSecond(row.getLong("tokens_valid_after")), row.getLong("token_generation"));
    }

    private static void setTenant(PreparedStatement insert, Optional<TenantAttributes> tenant) throws SQLException {
        if (tenant.isPresent()) {
            TenantAttributes t = tenant.get();
            insert.setLong(5, t.customerId());
            insert.setInt(6, t.customerMode());
            insert.setBoolean(7, t.hiqEnabled());
            insert.setLong(8, t.ownerId());
            insert.setLong(9, t.orgId());
            insert.setString(10, t.dataCenter());
        } else {
            insert.setNull(5, Types.BIGINT);
            insert.setNull(6, Types.INTEGER);
            insert.setNull(7, Types.BOOLEAN);
            insert.setNull(8, Types.BIGINT);
            insert.setNull(9, Types.BIGINT);
            insert.setNull(10, Types.VARCHAR);
        }
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
