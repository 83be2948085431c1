package dev.xiqauth.server.bench;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcRevocationStore;
import dev.xiqauth.server.store.PostgresSchema;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The revocation store at scale: storage per revoked token, and lookup, revoke and purge times, with
 * 1,000,000 revoked tokens, on the embedded H2 and (when {@code XIQ_AUTH_TEST_PG_URL} is set) on
 * PostgreSQL. A benchmark, not a test: it prints figures and asserts nothing about time.
 *
 * <p>Run: {@code ./mvnw -q -pl api-server -am -P revocation-bench -DskipTests test-compile exec:java}
 * ({@code -Dbench.rows=N} for another number of rows)
 */
public final class RevocationStoreBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final int LOOKUPS = 100_000;
    /** The key the looked-up tokens name: not retired, so each lookup also asks for its retirement. */
    private static final String KID = "0123456789abcdef";
    private static final int REVOKES = 10_000;

    private RevocationStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("%-11s %10s %14s %12s %12s %12s %12s %14s%n", "store", "rows", "bytes/token",
                "hit p50 us", "hit p99 us", "miss p50 us", "revoke us", "purge 50% s");
        Path dir = Files.createTempDirectory("xiq-bench");
        run("H2 (file)", StoreSettings.embedded(dir), rows, "SELECT DISK_SPACE_USED('revoked_tokens')");
        compactAndReport(dir);
        if (System.getenv("XIQ_AUTH_TEST_PG_URL") != null) {
            try (PostgresSchema schema = PostgresSchema.create()) {
                run("PostgreSQL", schema.settings(), rows, "SELECT pg_total_relation_size('revoked_tokens')");
            }
        } else {
            System.out.println("PostgreSQL: skipped (set XIQ_AUTH_TEST_PG_URL, _USER, _PASSWORD)");
        }
    }

    /**
     * H2 appends and keeps old chunks for a while, so the file outgrows its live data under heavy
     * writes; {@code SHUTDOWN COMPACT} shows the size the live rows need.
     */
    private static void compactAndReport(Path dir) throws Exception {
        Path file = dir.resolve(StoreSettings.EMBEDDED_DATABASE + ".mv.db");
        long before = Files.size(file);
        long live;
        try (Connection connection = DriverManager.getConnection(StoreSettings.embedded(dir).jdbcUrl());
                Statement statement = connection.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM revoked_tokens")) {
                count.next();
                live = count.getLong(1);
            }
            statement.execute("SHUTDOWN COMPACT");
        }
        long after = Files.size(file);
        System.out.printf("H2 file: %d bytes after the run, %d after SHUTDOWN COMPACT = %.0f bytes per live "
                + "revocation (%d live, whole database)%n", before, after, (double) after / live, live);
    }

    private static byte[] jti(long n) {
        return ByteBuffer.allocate(16).putLong(0x5eed_0000_0000_0000L).putLong(n).array();
    }

    private static void run(String name, StoreSettings settings, int rows, String sizeQuery) throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (Database database = Database.open(settings)) {
            fill(database, rows);
            long bytes = size(database, sizeQuery);
            JdbcRevocationStore store = new JdbcRevocationStore(database, clock);
            SplittableRandom random = new SplittableRandom(42);
            HexFormat hex = HexFormat.of();
            for (int i = 0; i < LOOKUPS / 5; i++) {
                store.isRevoked(hex.formatHex(jti(random.nextInt(rows))), KID);
            }
            long[] hits = new long[LOOKUPS];
            long[] misses = new long[LOOKUPS];
            for (int i = 0; i < LOOKUPS; i++) {
                String present = hex.formatHex(jti(random.nextInt(rows)));
                String absent = hex.formatHex(jti(rows + random.nextInt(rows)));
                long start = System.nanoTime();
                boolean hit = store.isRevoked(present, KID);
                hits[i] = System.nanoTime() - start;
                start = System.nanoTime();
                boolean miss = store.isRevoked(absent, KID);
                misses[i] = System.nanoTime() - start;
                if (!hit || miss) {
                    throw new IllegalStateException("wrong answer from the store");
                }
            }
            long revokeStart = System.nanoTime();
            for (int i = 0; i < REVOKES; i++) {
                store.revoke(hex.formatHex(jti(10L * rows + i)), NOW.plusSeconds(86_400));
            }
            double revokeMicros = (System.nanoTime() - revokeStart) / 1_000.0 / REVOKES;
            clock.advance(Duration.ofSeconds(43_200));
            long purgeStart = System.nanoTime();
            int purged = store.purgeExpired();
            double purgeSeconds = (System.nanoTime() - purgeStart) / 1e9;
            System.out.printf("%-11s %10d %14.0f %12.1f %12.1f %12.1f %12.1f %14.2f   (purged %d)%n", name, rows,
                    (double) bytes / rows, percentile(hits, 50), percentile(hits, 99), percentile(misses, 50),
                    revokeMicros, purgeSeconds, purged);
        }
    }

    /** Half the tokens expire within 12 hours, half later: purging at +12 h forgets about half. */
    private static void fill(Database database, int rows) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < rows; i++) {
                insert.setBytes(1, jti(i));
                insert.setLong(2, NOW.getEpochSecond() + random.nextInt(86_400));
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                if (connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")) {
                    statement.execute("VACUUM ANALYZE revoked_tokens");
                } else {
                    statement.execute("ANALYZE");
                }
            }
        }
    }

    private static long size(Database database, String query) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1_000.0;
    }
}
