package dev.xiqauth.server.config;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line options that say where the stores are. They belong to the top command and are
 * inherited by the admin subcommands, so {@code users add bob --data-dir d} and the server agree.
 */
public final class StoreOptions {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, defaultValue = "data",
            description = "Directory of the embedded database (env XIQ_AUTH_DATA_DIR, default ./${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--db-url", scope = ScopeType.INHERIT,
            description = "JDBC URL of a shared PostgreSQL database, for example jdbc:postgresql://db:5432/xiq_auth "
                    + "(env XIQ_AUTH_DB_URL, default the embedded database in the data directory). "
                    + "User and password come from XIQ_AUTH_DB_USER and XIQ_AUTH_DB_PASSWORD (or _FILE).")
    private String dbUrl;

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * @param secrets where the database user and password are given
     * @return the store settings
     */
    public StoreSettings storeSettings(Secrets secrets) {
        if (dbUrl == null || dbUrl.isBlank()) {
            return StoreSettings.embedded(dataDir);
        }
        return new StoreSettings(dbUrl, secrets.get("XIQ_AUTH_DB_USER"), secrets.get("XIQ_AUTH_DB_PASSWORD"),
                StoreSettings.DEFAULT_POOL_SIZE, StoreSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    /** @return the database URL, if one is configured */
    public Optional<String> dbUrl() {
        return Optional.ofNullable(dbUrl).filter(url -> !url.isBlank());
    }
}
