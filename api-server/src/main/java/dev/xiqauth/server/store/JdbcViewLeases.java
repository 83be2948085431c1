package dev.xiqauth.server.store;

import dev.xiqauth.server.feed.ViewLeases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The views' leases in the database ({@code view_leases}), measured by the database's clock alone: a lease is live
 * while its expiry is after the database's now, whatever the clocks of the machines that hold or wait for it say.
 */
final class JdbcViewLeases implements ViewLeases {
    private static final String NOW = ChangeAppender.DATABASE_MILLIS;
    private static final String COLUMNS = "view_id, kind, holder, acknowledged, expires_at - " + NOW + " AS remaining";

    private final Jdbc jdbc;

    JdbcViewLeases(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void take(String viewId, Holder holder, String description, long acknowledged, Duration length) {
        jdbc.transaction("take a view's lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE view_leases SET kind = ?, holder = ?, "
                    + "acknowledged = ?, expires_at = " + NOW + " + ? WHERE view_id = ?")) {
                update.setString(1, holder.name());
                update.setString(2, description);
                update.setLong(3, acknowledged);
                update.setLong(4, length.toMillis());
                update.setString(5, viewId);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO view_leases "
                    + "(view_id, kind, holder, acknowledged, expires_at) VALUES (?, ?, ?, ?, " + NOW + " + ?)")) {
                insert.setString(1, viewId);
                insert.setString(2, holder.name());
                insert.setString(3, description);
                insert.setLong(4, acknowledged);
                insert.setLong(5, length.toMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean renew(String viewId, long acknowledged, Duration length, Duration grace) {
        return jdbc.run("renew a view's lease", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE view_leases SET acknowledged = ?, "
                    + "expires_at = " + NOW + " + ? WHERE view_id = ? AND expires_at > " + NOW
                    + " AND NOT EXISTS (SELECT 1 FROM change_log WHERE position > ? AND recorded_at < " + NOW
                    + " - ?)")) {
                update.setLong(1, acknowledged);
                update.setLong(2, length.toMillis());
                update.setString(3, viewId);
                update.setLong(4, acknowledged);
                update.setLong(5, grace.toMillis());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String viewId) {
        jdbc.run("release a view's lease", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM view_leases WHERE view_id = ?")) {
                delete.setString(1, viewId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public LiveLeases live() {
        return jdbc.run("read the views' leases", connection -> {
            // One statement, so the position is read at the same moment as the leases: a write committed before it
            // is at or below the position, and a view whose lease is not seen took it after that write committed.
            try (PreparedStatement select = connection.prepareStatement("SELECT p.last, l.view_id, l.kind, l.holder, "
                    + "l.acknowledged, l.expires_at - " + NOW + " AS remaining FROM change_position p "
                    + "LEFT JOIN view_leases l ON l.expires_at > " + NOW + " WHERE p.id = 1");
                    ResultSet rows = select.executeQuery()) {
                long last = 0;
                List<LiveLease> leases = new ArrayList<>();
                while (rows.next()) {
                    last = rows.getLong(1);
                    if (rows.getString("view_id") != null) {
                        leases.add(read(rows));
                    }
                }
                return new LiveLeases(last, leases);
            }
        });
    }

    @Override
    public Optional<LiveLease> live(String viewId) {
        return jdbc.run("read a view's lease", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM view_leases "
                    + "WHERE view_id = ? AND expires_at > " + NOW)) {
                select.setString(1, viewId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.<LiveLease>empty();
                }
            }
        });
    }

    @Override
    public int purgeExpiredFor(Duration age) {
        return jdbc.run("purge the views' leases", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM view_leases WHERE expires_at < " + NOW + " - ?")) {
                delete.setLong(1, age.toMillis());
                return delete.executeUpdate();
            }
        });
    }

    private static LiveLease read(ResultSet row) throws SQLException {
        return new LiveLease(row.getString("view_id"), Holder.valueOf(row.getString("kind")), row.getString("holder"),
                row.getLong("acknowledged"), Duration.ofMillis(Math.max(0, row.getLong("remaining"))));
    }
}
