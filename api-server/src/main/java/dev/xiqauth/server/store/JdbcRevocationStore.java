package dev.xiqauth.server.store;

import dev.xiqauth.server.token.RevocationStore;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Revocations in the database, keyed by the 16 bytes of the {@code jti} and kept until the token's
 * expiry. Revoking is {@code INSERT ... ON CONFLICT DO NOTHING}: a second or concurrent revoke of the
 * same token is never a constraint error, and exactly one caller learns it revoked it. A token whose
 * signing key is retired in the same database is revoked too. Fit for any number of instances sharing
 * one database. Revocations arriving together are committed together ({@link GroupCommit}): each is
 * durable before its caller returns, and many cost one wait for the disk.
 */
public final class JdbcRevocationStore implements RevocationStore {
    private static final int PURGE_BATCH = 10_000;
    private final Jdbc jdbc;
    private final GroupCommit groupCommit;
    private final ChangeAppender changes;
    private final Clock clock;
    private final int purgeBatch;

    public JdbcRevocationStore(Database database, Clock clock) {
        this(database, clock, PURGE_BATCH);
    }

    JdbcRevocationStore(Database database, Clock clock, int purgeBatch) {
        this.jdbc = database.jdbc();
        this.groupCommit = database.groupCommit();
        this.changes = database.changeAppender();
        this.clock = clock;
        this.purgeBatch = purgeBatch;
    }

    /** @return the runner of its work, whose timers a journal in front of it records its appends in too */
    Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        byte[] key = HexFormat.of().parseHex(jti);
        return groupCommit.write("revoke", key, connection -> {
            // The log's position first: every other writer takes it after its own rows, and a revocation locks no
            // row another writer holds before it, so no two transactions wait for each other. A second revocation of
            // one token appends an entry too, which views apply as a no-op.
            changes.revoked(connection, jti, expiresAt);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setBytes(1, key);
                insert.setLong(2, expiresAt.getEpochSecond());
                return insert.executeUpdate() == 1;
            }
        });
    }

    /**
     * Inserts revocations in one transaction, in the order of their keys (neighbours in the {@code jti} index share
     * its pages); those already there are left as they are. No entry goes to the change log: only the embedded
     * store's journal folds revocations, and its one server holds them already.
     *
     * @param revocations each {@code jti} (its 16 bytes) and the epoch second it may be forgotten after
     */
    void insertAll(Map<UUID, Long> revocations) {
        List<Map.Entry<UUID, Long>> sorted = new ArrayList<>(revocations.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
                .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned)));
        jdbc.transaction("fold revocations", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<UUID, Long> revocation : sorted) {
                    insert.setBytes(1, ByteBuffer.allocate(16).putLong(revocation.getKey().getMostSignificantBits())
                            .putLong(revocation.getKey().getLeastSignificantBits()).array());
                    insert.setLong(2, revocation.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean isRevoked(String jti, String keyId) {
        byte[] key = HexFormat.of().parseHex(jti);
        return jdbc.run("check revocation", connection -> {
            // Two primary-key lookups in one round trip: the token's own revocation and its key's retirement.
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?) "
                    + "OR EXISTS (SELECT 1 FROM signing_keys WHERE kid = ? AND retired_at IS NOT NULL)")) {
                select.setBytes(1, key);
                select.setString(2, keyId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void forEachKept(BiConsumer<String, Instant> revocation) {
        jdbc.run("read revocations", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT jti, expires_at FROM revoked_tokens")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        revocation.accept(HexFormat.of().formatHex(rows.getBytes(1)),
                                Instant.ofEpochSecond(rows.getLong(2)));
                    }
                }
                return null;
            }
        });
    }

    /**
     * Deletes in batches of about {@value #PURGE_BATCH}, each bounded by an expiry found through the
     * index: after a long downtime there may be millions to forget, and one huge delete would hold its
     * transaction (and, on H2, the table) for many seconds.
     */
    @Override
    public int purgeExpired() {
        long now = clock.instant().minus(PURGE_MARGIN).getEpochSecond();
        return jdbc.run("purge revocations", connection -> {
            try (PreparedStatement nextBound = connection.prepareStatement("SELECT expires_at FROM revoked_tokens "
                    + "WHERE expires_at < ? ORDER BY expires_at OFFSET " + (purgeBatch - 1)
                    + " ROWS FETCH NEXT 1 ROWS ONLY");
                    PreparedStatement deleteUpTo = connection.prepareStatement(
                            "DELETE FROM revoked_tokens WHERE expires_at <= ?");
                    PreparedStatement deleteRest = connection.prepareStatement(
                            "DELETE FROM revoked_tokens WHERE expires_at < ?")) {
                int purged = 0;
                while (true) {
                    nextBound.setLong(1, now);
                    try (ResultSet bound = nextBound.executeQuery()) {
                        if (!bound.next()) {
                            break;
                        }
                        deleteUpTo.setLong(1, bound.getLong(1));
                    }
                    purged += deleteUpTo.executeUpdate();
                }
                deleteRest.setLong(1, now);
                return purged + deleteRest.executeUpdate();
            }
        });
    }
}
