package dev.xiqauth.server.store;

import dev.xiqauth.server.ratelimit.QuotaLedger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The quota ledger in the database: one row per token and window (its start and end), its {@code claimed} count raised under
 * the row's lock ({@code SELECT ... FOR UPDATE}), so that concurrent claims from any number of instances
 * are applied one after the other and never take more than the limit between them. Claims arriving
 * together are committed together ({@link GroupCommit}), as a token's first requests of an hour are.
 */
public final class JdbcQuotaLedger implements QuotaLedger {
    private final Jdbc jdbc;
    private final GroupCommit groupCommit;

    public JdbcQuotaLedger(Database database) {
        this.jdbc = database.jdbc();
        this.groupCommit = database.groupCommit();
    }

    @Override
    public Claim claim(String jti, long windowStartMillis, long windowMillis, long wanted, long limit) {
        if (wanted < 1 || limit < 1) {
            throw new IllegalArgumentException("a claim wants at least one request of a positive limit");
        }
        byte[] token = HexFormat.of().parseHex(jti);
        byte[] key = ByteBuffer.allocate(token.length + 2 * Long.BYTES).put(token).putLong(windowStartMillis)
                .putLong(windowMillis).array();
        return groupCommit.write("claim quota", key, connection -> claim(connection, token, windowStartMillis,
                windowStartMillis + windowMillis, wanted, limit));
    }

    /** Never fails on a row another claim made first: the insert yields to it, and the lock orders the two. */
    private static Claim claim(Connection connection, byte[] token, long windowStart, long windowEnd, long wanted,
            long limit) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quota_claims "
                + "(jti, window_start, window_end, claimed) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING")) {
            insert.setBytes(1, token);
            insert.setLong(2, windowStart);
            insert.setLong(3, windowEnd);
            insert.executeUpdate();
        }
        long before;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT claimed FROM quota_claims WHERE jti = ? AND window_start = ? AND window_end = ? FOR UPDATE")) {
            select.setBytes(1, token);
            select.setLong(2, windowStart);
            select.setLong(3, windowEnd);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the quota window's row vanished while it was claimed");
                }
                before = row.getLong(1);
            }
        }
        long after = Math.max(before, Math.min(limit, before + wanted));
        if (after > before) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE quota_claims SET claimed = ?"
                    + " WHERE jti = ? AND window_start = ? AND window_end = ?")) {
                update.setLong(1, after);
                update.setBytes(2, token);
                update.setLong(3, windowStart);
                update.setLong(4, windowEnd);
                update.executeUpdate();
            }
        }
        return new Claim(after - before, after);
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
