package dev.xiqauth.server.store;

import dev.xiqauth.server.login.FailureCount;
import dev.xiqauth.server.login.LoginFailureStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed-login counts in the database, shared by every instance. A failure is an {@code UPDATE}
 * that increments, or an {@code INSERT ... ON CONFLICT DO NOTHING} when there is no row yet, retried
 * as an update if a concurrent request inserted first: no lost counts, no constraint errors, and
 * the same SQL on H2 and PostgreSQL.
 */
public final class JdbcLoginFailureStore implements LoginFailureStore {
    private final Jdbc jdbc;

    public JdbcLoginFailureStore(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Map<String, FailureCount> counts(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(keys.size(), "?"));
        return jdbc.run("read login failures", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT throttle_key, failures, last_failure "
                    + "FROM login_failures WHERE throttle_key IN (" + placeholders + ")")) {
                int index = 1;
                for (String key : keys) {
                    select.setString(index++, key);
                }
                Map<String, FailureCount> counts = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1),
                                new FailureCount(rows.getInt(2), Instant.ofEpochSecond(rows.getLong(3))));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public void recordFailure(Collection<String> keys, Instant at, Instant resetBefore) {
        jdbc.run("record login failure", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE login_failures SET "
                    + "failures = CASE WHEN last_failure < ? THEN 1 ELSE failures + 1 END, last_failure = ? "
                    + "WHERE throttle_key = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO login_failures "
                            + "(throttle_key, failures, last_failure) VALUES (?, 1, ?) ON CONFLICT DO NOTHING")) {
                for (String key : keys) {
                    update.setLong(1, resetBefore.getEpochSecond());
                    update.setLong(2, at.getEpochSecond());
                    update.setString(3, key);
                    if (update.executeUpdate() > 0) {
                        continue;
                    }
                    insert.setString(1, key);
                    insert.setLong(2, at.getEpochSecond());
                    if (insert.executeUpdate() == 0) {
                        update.executeUpdate();
                    }
                }
                return null;
            }
        });
    }

    @Override
    public void reset(String key) {
        jdbc.run("reset login failures", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_failures WHERE throttle_key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int purgeOlderThan(Instant before) {
        return jdbc.run("purge login failures", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_failures WHERE last_failure < ?")) {
                delete.setLong(1, before.getEpochSecond());
                return delete.executeUpdate();
            }
        });
    }
}
