package dev.xiqauth.server.store;

import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens in the database, keyed by the 16 bytes of the {@code jti}. Revoking is a {@code DELETE}: a
 * second or concurrent revoke deletes nothing and is no error, and exactly one caller learns it revoked
 * it; the foreign key from {@code parent_jti} deletes the tokens it created with it. Fit for any number of
 * instances sharing one database.
 */
public final class JdbcApiTokenStore implements ApiTokenStore {
    private static final String COLUMNS = "jti, user_id, permissions, description, created_at, expires_at, parent_jti";

    private final Jdbc jdbc;
    private final ChangeAppender changes;
    private final Clock clock;

    public JdbcApiTokenStore(Database database, Clock clock) {
        this.changes = database.changeAppender();
        this.jdbc = database.jdbc();
        this.clock = clock;
    }

    /**
     * One transaction: the user's row locked ({@code FOR UPDATE}) and re-read, as every change that refuses the
     * user's tokens locks it by updating or deleting it; the parent's row locked likewise, as its revocation
     * deletes it; the user's live tokens counted under the user's lock, so that no two concurrent additions both
     * pass the limit; and only then the insert. A change that comes first is seen here; one that comes after
     * waits for the commit and deletes the new record with the user's others. No foreign key can fail.
     */
    @Override
    public Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
        return jdbc.transaction("record API token", connection -> {
            try (PreparedStatement user = connection.prepareStatement(
                    "SELECT enabled, token_generation FROM users WHERE user_id = ? FOR UPDATE")) {
                user.setLong(1, record.userId());
                try (ResultSet row = user.executeQuery()) {
                    if (!row.next() || !row.getBoolean("enabled") || row.getLong("token_generation") != tokenGeneration) {
                        return Recording.USER_CHANGED;
                    }
                }
            }
            if (record.parentJti().isPresent()) {
                try (PreparedStatement parent = connection.prepareStatement(
                        "SELECT jti FROM api_tokens WHERE jti = ? FOR UPDATE")) {
                    parent.setBytes(1, HexFormat.of().parseHex(record.parentJti().get()));
                    try (ResultSet row = parent.executeQuery()) {
                        if (!row.next()) {
                            return Recording.PARENT_REVOKED;
                        }
                    }
                }
            }
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM api_tokens "
                    + "WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                count.setLong(1, record.userId());
                count.setLong(2, clock.instant().getEpochSecond());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    if (row.getLong(1) >= maxLivePerUser) {
                        return Recording.LIMIT_REACHED;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setBytes(1, HexFormat.of().parseHex(record.jti()));
                insert.setLong(2, record.userId());
                insert.setString(3, String.join(" ", record.sortedPermissions()));
                insert.setString(4, record.description().orElse(null));
                insert.setLong(5, record.createdAt().getEpochSecond());
                if (record.expiresAt().isPresent()) {
                    insert.setLong(6, record.expiresAt().get().getEpochSecond());
                } else {
                    insert.setNull(6, Types.BIGINT);
                }
                insert.setBytes(7, record.parentJti().map(HexFormat.of()::parseHex).orElse(null));
                insert.executeUpdate();
            }
            changes.userChanged(connection, record.userId());
            return Recording.ADDED;
        });
    }

    @Override
    public Optional<ApiTokenRecord> find(String jti) {
        byte[] key = HexFormat.of().parseHex(jti);
        return jdbc.run("find API token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_tokens WHERE jti = ?")) {
                select.setBytes(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(recordOf(rows)) : Optional.<ApiTokenRecord>empty();
                }
            }
        });
    }

    /**
     * Locks the owner's row, then the token's, before deleting it, in one transaction, as {@link #add} locks them:
     * a mint under this token or any of its descendants either commits first, and the delete, a statement begun
     * only then, cascades to its record, or waits and finds its parent gone. H2 runs a delete's cascade, however
     * deep, on what it saw when the statement began: a descendant minted while the cascade waited for a lock was
     * left behind, alive. Taking the user's lock first also keeps one lock order with {@code passwd},
     * {@code disable} and {@code remove}, which update or delete the user's row before its tokens.
     */
    @Override
    public boolean revoke(String jti) {
        byte[] key = HexFormat.of().parseHex(jti);
        return jdbc.transaction("revoke API token", connection -> {
            long owner;
            try (PreparedStatement find = connection.prepareStatement("SELECT user_id FROM api_tokens WHERE jti = ?")) {
                find.setBytes(1, key);
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    owner = row.getLong("user_id");
                }
            }
            try (PreparedStatement lockOwner = connection.prepareStatement(
                    "SELECT user_id FROM users WHERE user_id = ? FOR UPDATE")) {
                lockOwner.setLong(1, owner);
                lockOwner.executeQuery().close();
            }
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT jti FROM api_tokens WHERE jti = ? FOR UPDATE")) {
                lock.setBytes(1, key);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_tokens WHERE jti = ?")) {
                delete.setBytes(1, key);
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            }
            changes.userChanged(connection, owner);
            return true;
        });
    }

    @Override
    public List<ApiTokenRecord> list() {
        return query("list API tokens", "SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, jti", null);
    }

    @Override
    public List<ApiTokenRecord> listCreatedBy(long userId) {
        return query("list API tokens of a user",
                "SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = ? ORDER BY created_at, jti", userId);
    }

    @Override
    public int purgeExpired() {
        long before = clock.instant().minus(PURGE_MARGIN).getEpochSecond();
        return jdbc.run("purge API tokens", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at < ?")) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    private List<ApiTokenRecord> query(String what, String sql, Long userId) {
        return jdbc.run(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (userId != null) {
                    select.setLong(1, userId);
                }
                List<ApiTokenRecord> records = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(recordOf(rows));
                    }
                }
                return records;
            }
        });
    }

    private static ApiTokenRecord recordOf(ResultSet row) throws SQLException {
        String permissions = row.getString("permissions");
        long expiresAt = row.getLong("expires_at");
        Optional<Instant> expiry = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expiresAt));
        byte[] parent = row.getBytes("parent_jti");
        return new ApiTokenRecord(HexFormat.of().formatHex(row.getBytes("jti")), row.getLong("user_id"),
                permissions.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(permissions.split(" "))),
                Optional.ofNullable(row.getString("description")), Instant.ofEpochSecond(row.getLong("created_at")),
                expiry, parent == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(parent)));
    }
}
