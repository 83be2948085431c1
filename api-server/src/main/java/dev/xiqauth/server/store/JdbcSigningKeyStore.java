package dev.xiqauth.server.store;

import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.SigningKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signing keys in the database, shared by every instance: the active key is the row whose unique
 * {@code active_marker} is set.
 *
 * <p>The secrets are stored as they are: whoever can read this table can mint tokens, so the
 * database's access control guards it.
 */
public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Jdbc jdbc;
    private final ChangeAppender changes;
    private final Clock clock;

    public JdbcSigningKeyStore(Database database, Clock clock) {
        this.changes = database.changeAppender();
        this.jdbc = database.jdbc();
        this.clock = clock;
    }

    @Override
    public List<StoredKey> list() {
        return jdbc.run("list signing keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT secret, active_marker, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid");
                    ResultSet rows = select.executeQuery()) {
                List<StoredKey> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(new StoredKey(new SigningKey(Base64.getDecoder().decode(rows.getString("secret"))),
                            rows.getBoolean("active_marker"), rows.getLong("created_at"),
                            rows.getObject("retired_at") != null));
                }
                return keys;
            }
        });
    }

    @Override
    public Optional<String> activeKeyId() {
        return jdbc.run("find active signing key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kid FROM signing_keys WHERE active_marker = TRUE");
                    ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString("kid")) : Optional.empty();
            }
        });
    }

    @Override
    public boolean activateIfNone(SigningKey key) {
        // The active marker is unique: a second active key conflicts, and is not inserted.
        return jdbc.run("add first signing key", connection -> insertActive(connection, key, " ON CONFLICT DO NOTHING"));
    }

    @Override
    public void rotate(SigningKey newKey) {
        jdbc.transaction("rotate signing keys", connection -> {
            try (PreparedStatement demote = connection.prepareStatement(
                    "UPDATE signing_keys SET active_marker = NULL WHERE active_marker = TRUE")) {
                demote.executeUpdate();
            }
            boolean inserted = insertActive(connection, newKey, "");
            changes.keysChanged(connection);
            return inserted;
        });
    }

    private boolean insertActive(Connection connection, SigningKey key, String onConflict) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_keys "
                + "(kid, secret, created_at, active_marker) VALUES (?, ?, ?, TRUE)" + onConflict)) {
            insert.setString(1, key.keyId());
            insert.setString(2, Base64.getEncoder().encodeToString(key.secret()));
            insert.setLong(3, clock.instant().getEpochSecond());
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public boolean retire(String keyId) {
        return jdbc.transaction("retire signing key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT active_marker FROM signing_keys WHERE kid = ?")) {
                select.setString(1, keyId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    if (rows.getBoolean("active_marker")) {
                        throw new IllegalStateException("key " + keyId + " signs new tokens: rotate before retiring it");
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL")) {
                update.setLong(1, clock.instant().getEpochSecond());
                update.setString(2, keyId);
                if (update.executeUpdate() == 1) {
                    changes.keysChanged(connection);
                }
                return true;
            }
        });
    }
}
