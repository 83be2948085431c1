package dev.xiqauth.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.store.migration.XiqPermissionModelMigration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind the stores: a HikariCP pool whose schema Flyway's versioned migrations own.
 * Opening it applies any migration not applied yet, so every instance runs on the same schema.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** PostgreSQL's limit on a channel's name (NAMEDATALEN - 1 bytes). */
    private static final int MAX_CHANNEL_BYTES = 63;
    static final String CHANGES_CHANNEL = "changes";
    static final String ACKNOWLEDGEMENTS_CHANNEL = "acks";

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final GroupCommit groupCommit;
    private final StoreSettings settings;
    private final Optional<String> schema;
    private final ChangeAppender changeAppender;

    private Database(HikariDataSource dataSource, MeterRegistry registry, StoreSettings settings,
            Optional<String> schema) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource, registry);
        this.groupCommit = new GroupCommit(jdbc);
        this.settings = settings;
        this.schema = schema;
        this.changeAppender = new ChangeAppender(channel(CHANGES_CHANNEL));
    }

    /**
     * @param settings where the database is
     * @return the database, migrated to the current schema, measured nowhere
     * @throws IllegalStateException if it cannot be reached or migrated
     */
    public static Database open(StoreSettings settings) {
        return open(settings, new CompositeMeterRegistry());
    }

    /**
     * @param settings where the database is
     * @param registry where the pool's meters and the latency of store operations are recorded
     * @return the database, migrated to the current schema
     * @throws DamagedStoreException if the embedded database's file exists but holds no store that can
     *     be read ({@link EmbeddedDatabaseFile}): a new one is made only where none exists
     * @throws IllegalStateException if it cannot be reached or migrated, or an embedded database
     *     would be served beyond loopback ({@link H2Loopback})
     */
    public static Database open(StoreSettings settings, MeterRegistry registry) {
        if (H2Loopback.servesOverTcp(settings.jdbcUrl())) {
            H2Loopback.require();
        }
        settings.dataDir().ifPresent(EmbeddedDatabaseFile::requireReadableOrAbsent);
        // Migrate on a connection of its own, without the pool's short timeout: opening may wait, since an
        // embedded database left locked by a crashed process is released only once H2 finds its lock stale.
        try {
            Flyway.configure()
                    .dataSource(settings.jdbcUrl(), settings.user().orElse(null), settings.password().orElse(null))
                    .locations("classpath:db/migration").javaMigrations(new XiqPermissionModelMigration())
                    .failOnMissingLocations(true).load().migrate();
        } catch (RuntimeException e) {
            // Flyway's messages span lines; the operator sees one.
            throw new IllegalStateException("cannot open the store " + settings + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("xiq-auth-store");
        config.setJdbcUrl(settings.jdbcUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1_000, settings.connectionTimeout().toMillis()));
        config.setExceptionOverrideClassName(EvictBrokenConnections.class.getName());
        // Start even while the store is down: requests are answered 503 until it returns.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        HikariDataSource dataSource = new HikariDataSource(config);
        LOG.info("store ready: {}", settings);
        try {
            return new Database(dataSource, registry, settings, postgresSchema(settings, dataSource));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The schema the tables are in, on PostgreSQL: its notification channels are the database's, not the schema's. */
    private static Optional<String> postgresSchema(StoreSettings settings, DataSource dataSource) {
        if (!settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT current_schema()");
                ResultSet row = select.executeQuery()) {
            row.next();
            return Optional.of(row.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the store " + settings + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param purpose what the channel carries
     * @return the PostgreSQL notification channel of this store for it: one per schema, so that deployments sharing
     *     a database (or tests, each in a schema) hear only their own; empty on H2, which has none
     */
    Optional<String> channel(String purpose) {
        return schema.map(name -> {
            String channel = "xiq_" + purpose + ":" + name;
            if (channel.getBytes(StandardCharsets.UTF_8).length <= MAX_CHANNEL_BYTES) {
                return channel;
            }
            return "xiq_" + purpose + ":" + HexFormat.of().formatHex(sha256(name), 0, 16);
        });
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @return how the stores append to the change log in their transactions */
    ChangeAppender changeAppender() {
        return changeAppender;
    }

    /** @return the settings it was opened with */
    StoreSettings settings() {
        return settings;
    }

    /** @return whether the database answers now; waits at most the pool's connection timeout */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return a runner of JDBC work on this database's pool, timed in its registry */
    Jdbc jdbc() {
        return jdbc;
    }

    /** @return the writer that commits the writes callers wait for together (revocations, quota claims) */
    GroupCommit groupCommit() {
        return groupCommit;
    }

    /**
     * Rewrites the live pages of mostly dead chunks of an embedded H2 file opened by this process, so that the
     * file stays the size of its data ({@link EmbeddedCompaction}); does nothing on any other database.
     *
     * @return whether it compacted
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public boolean compactEmbedded() {
        try {
            return new EmbeddedCompaction(dataSource).compact();
        } catch (SQLException e) {
            throw StoreFailures.translate("compact the embedded database", e);
        }
    }

    /**
     * @return whether a process other than this one is connected to the embedded database now, through the TCP
     *     server H2's automatic mixed mode runs in the process that opened the file; meaningless on PostgreSQL
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public boolean otherProcessesConnected() {
        return jdbc.run("count other processes", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SERVER IS NOT NULL");
                    ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        });
    }

    /** @return the pooled connections */
    public DataSource dataSource() {
        return dataSource;
    }


    @Override
    public void close() {
        groupCommit.close();
        dataSource.close();
    }
}
