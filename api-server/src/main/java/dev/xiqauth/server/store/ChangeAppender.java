package dev.xiqauth.server.store;

import dev.xiqauth.server.feed.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * Appends a {@link Change} to the log in the writer's own transaction: the entry commits with the write or not at
 * all. Its position is the next of the one row of {@code change_position}, whose lock the transaction holds until
 * it ends, so positions commit in their order and without gaps. On PostgreSQL the same statement sends the
 * notification the views listen for, which the database delivers at the commit, and only if there is one; it carries
 * the entry ({@link ChangeMessages}), so a view that has applied the one before needs no read of the log.
 */
final class ChangeAppender {
    /** Epoch milliseconds by the database's clock, in the SQL that PostgreSQL and H2 read alike. */
    static final String DATABASE_MILLIS = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

    private final Optional<String> changesChannel;

    /** @param changesChannel PostgreSQL's channel for the log's notifications; empty on H2 */
    ChangeAppender(Optional<String> changesChannel) {
        this.changesChannel = changesChannel;
    }

    /** A token was revoked. */
    long revoked(Connection connection, String jti, Instant expiresAt) throws SQLException {
        return append(connection, Change.Kind.REVOKED, jti, expiresAt.getEpochSecond());
    }

    /** A user, or that user's API tokens, changed. */
    long userChanged(Connection connection, long userId) throws SQLException {
        return append(connection, Change.Kind.USER, Long.toString(userId), null);
    }

    /** The signing keys changed. */
    long keysChanged(Connection connection) throws SQLException {
        return append(connection, Change.Kind.KEYS, null, null);
    }

    private long append(Connection connection, Change.Kind kind, String subject, Long expiresAt) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("a change is appended in the transaction of its write");
        }
        if (changesChannel.isPresent()) {
            // One round trip: the next position, the entry, and the notification sent at the commit.
            try (PreparedStatement append = connection.prepareStatement("WITH next AS "
                    + "(UPDATE change_position SET last = last + 1 WHERE id = 1 RETURNING last), "
                    + "added AS (INSERT INTO change_log (position, kind, subject, expires_at, recorded_at) "
                    + "SELECT last, ?, ?, ?, " + DATABASE_MILLIS + " FROM next "
                    + "RETURNING position, kind, subject, expires_at) "
                    + "SELECT position, pg_notify(?, " + ChangeMessages.SQL + ") FROM added")) {
                bind(append, kind, subject, expiresAt);
                append.setString(4, changesChannel.get());
                try (ResultSet row = append.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement next = connection.prepareStatement(
                "UPDATE change_position SET last = last + 1 WHERE id = 1")) {
            next.executeUpdate();
        }
        long position;
        try (PreparedStatement read = connection.prepareStatement("SELECT last FROM change_position WHERE id = 1");
                ResultSet row = read.executeQuery()) {
            row.next();
            position = row.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO change_log "
                + "(kind, subject, expires_at, position, recorded_at) VALUES (?, ?, ?, ?, " + DATABASE_MILLIS + ")")) {
            bind(insert, kind, subject, expiresAt);
            insert.setLong(4, position);
            insert.executeUpdate();
        }
        return position;
    }

    private static void bind(PreparedStatement statement, Change.Kind kind, String subject, Long expiresAt)
            throws SQLException {
        statement.setString(1, kind.name());
        statement.setString(2, subject);
        if (expiresAt == null) {
            statement.setNull(3, Types.BIGINT);
        } else {
            statement.setLong(3, expiresAt);
        }
    }
}
