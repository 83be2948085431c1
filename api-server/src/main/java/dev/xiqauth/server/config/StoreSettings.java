package dev.xiqauth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where users, revocations and signing keys are kept.
 *
 * @param jdbcUrl the database: the embedded H2 file in the data directory, or a shared PostgreSQL
 * @param user the database user, if the URL does not carry one
 * @param password the database password; from the environment or a file, never the command line
 * @param maxPoolSize the most connections the pool holds
 * @param connectionTimeout how long a request waits for a connection before the store counts as
 *     unreachable (answered 503): short, so that an outage fails fast instead of piling up requests
 * @param dataDir the directory of the embedded database file, made (owner-only) before the database
 *     is opened; empty for a database elsewhere
 */
public record StoreSettings(String jdbcUrl, Optional<String> user, Optional<String> password, int maxPoolSize,
        Duration connectionTimeout, Optional<Path> dataDir) {
    /** The embedded database's file name in the data directory (H2 adds {@code .mv.db}). */
    public static final String EMBEDDED_DATABASE = "xiq-auth";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(dataDir, "dataDir");
        if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("--db-url must be a jdbc:postgresql: (or jdbc:h2:) URL, got "
                    + redacted(jdbcUrl));
        }
        if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(Locale.ROOT).contains(";MODE=POSTGRESQL")) {
            throw new IllegalArgumentException("an H2 database must run in PostgreSQL mode (;MODE=PostgreSQL): "
                    + "the stores share their SQL with PostgreSQL");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("the connection pool needs at least one connection");
        }
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new IllegalArgumentException("the connection timeout must be at least 250 ms");
        }
    }

    /**
     * A database elsewhere: a shared PostgreSQL, or a database server of H2's.
     *
     * @param jdbcUrl the database
     * @param user the database user, if the URL does not carry one
     * @param password the database password
     * @param maxPoolSize the most connections the pool holds
     * @param connectionTimeout how long a request waits for a connection
     */
    public StoreSettings(String jdbcUrl, Optional<String> user, Optional<String> password, int maxPoolSize,
            Duration connectionTimeout) {
        this(jdbcUrl, user, password, maxPoolSize, connectionTimeout, Optional.empty());
    }

    /**
     * The embedded default: an H2 database file in the data directory, in H2's PostgreSQL mode so that
     * one schema serves both. {@code WRITE_DELAY=0} writes every commit before it returns, so a
     * revocation survives a crash of the process; {@code AUTO_SERVER} lets the admin commands use the
     * database while the server runs.
     *
     * @param dataDir the data directory
     * @return settings for it
     */
    public static StoreSettings embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_DATABASE).toString();
        return new StoreSettings("jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;AUTO_SERVER=TRUE",
                Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT, Optional.of(dataDir));
    }

    /** @return whether this is the PostgreSQL server that instances share */
    public boolean isShared() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "StoreSettings[" + redacted(jdbcUrl) + "]";
    }

    /** A password may be given in the URL: it never reaches a message or the log. */
    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("password=[^&;]*", "password=***");
    }
}
