package dev.xiqauth.server.store;

import dev.xiqauth.server.login.KnownClientStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Known clients in the database, shared by every instance. Remembering is an {@code UPDATE} that
 * only ever moves an expiry later, or an {@code INSERT ... ON CONFLICT DO NOTHING} when there is no
 * row yet, retried as the update if a concurrent login inserted first: no constraint errors, and the
 * same SQL on H2 and PostgreSQL.
 */
public final class JdbcKnownClientStore implements KnownClientStore {
    private final Jdbc jdbc;

    public JdbcKnownClientStore(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean isKnown(String marker, Instant now) {
        return jdbc.run("read known client", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM known_clients WHERE client_marker = ? AND expires_at > ?")) {
                select.setString(1, marker);
                select.setLong(2, now.getEpochSecond());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void remember(String marker, Instant until) {
        jdbc.run("remember known client", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE known_clients SET expires_at = ? WHERE client_marker = ? AND expires_at < ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO known_clients "
                            + "(client_marker, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                update.setLong(1, until.getEpochSecond());
                update.setString(2, marker);
                update.setLong(3, until.getEpochSecond());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, marker);
                    insert.setLong(2, until.getEpochSecond());
                    if (insert.executeUpdate() == 0) {
                        update.executeUpdate();
                    }
                }
                return null;
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbc.run("purge known clients", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM known_clients WHERE expires_at <= ?")) {
                delete.setLong(1, now.getEpochSecond());
                return delete.executeUpdate();
            }
        });
    }
}
