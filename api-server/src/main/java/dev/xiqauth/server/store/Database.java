package dev.xiqauth.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    private final HikariDataSource dataSource;
    private final StoreSettings settings;

    private Database(HikariDataSource dataSource, StoreSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /**
     * @param settings where the database is
     * @return the database, migrated to the current schema
     * @throws IllegalStateException if it cannot be reached or migrated
     */
    public static Database open(StoreSettings settings) {
        // Migrate on a connection of its own, without the pool's short timeout: opening may wait, since an
        // embedded database left locked by a crashed process is released only once H2 finds its lock stale.
        try {
            Flyway.configure()
                    .dataSource(settings.jdbcUrl(), settings.user().orElse(null), settings.password().orElse(null))
                    .locations("classpath:db/migration").failOnMissingLocations(true).load().migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the store " + settings + ": " + e.getMessage(), e);
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
        HikariDataSource dataSource = new HikariDataSource(config);
        LOG.info("store ready: {}", settings);
        return new Database(dataSource, settings);
    }

    /** @return the pooled connections */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return where it is */
    public StoreSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
