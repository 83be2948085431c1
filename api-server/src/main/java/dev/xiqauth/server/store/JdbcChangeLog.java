package dev.xiqauth.server.store;

import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.ChangeLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The change log in the database ({@code change_log}), read by position; written by the stores' own writes. */
final class JdbcChangeLog implements ChangeLog {
    private final Jdbc jdbc;

    JdbcChangeLog(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Entries after(long position, int limit) {
        return jdbc.run("read the change log", connection -> {
            // One statement: the last position and the entries at one moment, so a purge shows as a missing entry.
            try (PreparedStatement select = connection.prepareStatement("SELECT p.last, l.position, l.kind, l.subject, "
                    + "l.expires_at FROM change_position p LEFT JOIN change_log l ON l.position > ? WHERE p.id = 1 "
                    + "ORDER BY l.position FETCH FIRST " + limit + " ROWS ONLY")) {
                select.setLong(1, position);
                try (ResultSet rows = select.executeQuery()) {
                    List<Change> changes = new ArrayList<>();
                    long last = 0;
                    while (rows.next()) {
                        last = rows.getLong("last");
                        if (rows.getString("kind") == null) {
                            continue;
                        }
                        long expiresAt = rows.getLong("expires_at");
                        Optional<Instant> expiry = rows.wasNull() ? Optional.empty()
                                : Optional.of(Instant.ofEpochSecond(expiresAt));
                        changes.add(new Change(rows.getLong("position"), Change.Kind.valueOf(rows.getString("kind")),
                                Optional.ofNullable(rows.getString("subject")), expiry));
                    }
                    return new Entries(last, changes);
                }
            }
        });
    }

    @Override
    public long lastPosition() {
        return jdbc.run("read the change log's position", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT last FROM change_position WHERE id = 1"); ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    @Override
    public int purgeOlderThan(Duration age) {
        return jdbc.run("purge the change log", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM change_log WHERE recorded_at < " + ChangeAppender.DATABASE_MILLIS + " - ?")) {
                delete.setLong(1, age.toMillis());
                return delete.executeUpdate();
            }
        });
    }
}
