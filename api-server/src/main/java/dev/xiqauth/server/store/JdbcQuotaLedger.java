package dev.xiqauth.server.store;

import dev.xiqauth.server.ratelimit.QuotaLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The quota ledger in the database: one row per token and window (its start and end), its {@code claimed} count raised under
 * the row's lock ({@code SELECT ... FOR UPDATE}), so that concurrent claims from any number of instances
 * are applied one after the other and never take more than the limit between them.
 */
public final class JdbcQuotaLedger implements QuotaLedger {
    /** PostgreSQL's and H2's SQLSTATE for a duplicate key. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;

    public JdbcQuotaLedger(Database database) {
        this.jdbc = database.jdbc();
    }

    /** Another instance inserted the window's row first: the claim is retried against that row. */
    private static final class ClaimedFirstElsewhere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClaimedFirstElsewhere() {
            super(null, null, false, false);
        }
    }

    @Override
    public Claim claim(String jti, long windowStartMillis, long windowMillis, long wanted, long limit) {
        if (wanted < 1 || limit < 1) {
            throw new IllegalArgumentException("a claim wants at least one request of a positive limit");
        }
        byte[] key = HexFormat.of().parseHex(jti);
        try {
            return jdbc.transaction("claim quota", connection -> claim(connection, key, windowStartMillis,
                    windowMillis, wanted, limit));
        } catch (ClaimedFirstElsewhere raced) {
            return jdbc.transaction("claim quota", connection -> claim(connection, key, windowStartMillis,
                    windowMillis, wanted, limit));
        }
    }

    private static Claim claim(Connection connection, byte[] key, long windowStart, long windowMillis, long wanted,
            long limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT claimed FROM quota_claims WHERE jti = ? AND window_start = ? AND window_end = ? FOR UPDATE")) {
            select.setBytes(1, key);
            select.setLong(2, windowStart);
            select.setLong(3, windowStart + windowMillis);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long before = row.getLong(1);
                    long after = Math.max(before, Math.min(limit, before + wanted));
                    if (after > before) {
                        try (PreparedStatement update = connection.prepareStatement("UPDATE quota_claims SET claimed = ?"
                                + " WHERE jti = ? AND window_start = ? AND window_end = ?")) {
                            update.setLong(1, after);
                            update.setBytes(2, key);
                            update.setLong(3, windowStart);
                            update.setLong(4, windowStart + windowMillis);
                            update.executeUpdate();
                        }
                    }
                    return new Claim(after - before, after);
                }
            }
        }
        long granted = Math.min(limit, wanted);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO quota_claims (jti, window_start, window_end, claimed) VALUES (?, ?, ?, ?)")) {
            insert.setBytes(1, key);
            insert.setLong(2, windowStart);
            insert.setLong(3, windowStart + windowMillis);
            insert.setLong(4, granted);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new ClaimedFirstElsewhere();
            }
            throw e;
        }
        return new Claim(granted, granted);
    }

    @Override
    public int purgeEnded(long nowMillis) {
        return jdbc.run("purge quota claims", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM quota_claims WHERE window_end <= ?")) {
                delete.setLong(1, nowMillis);
                return delete.executeUpdate();
            }
        });
    }
}
