package dev.xiqauth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared mode's store for the benchmark: a schema of its own, made for the run and dropped after it,
 * in the PostgreSQL that {@code XIQ_AUTH_TEST_PG_URL}, {@code _USER} and {@code _PASSWORD} name (the
 * tests' variables), so a fresh store's first user is the one the benchmark's tokens were minted for.
 */
final class SharedStore implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private SharedStore(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** @return the store the environment names, with its schema made; empty when it names none */
    static Optional<SharedStore> fromEnvironment() throws SQLException {
        String url = System.getenv("XIQ_AUTH_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        SharedStore store = new SharedStore(url, System.getenv("XIQ_AUTH_TEST_PG_USER"),
                System.getenv("XIQ_AUTH_TEST_PG_PASSWORD"), "bench_" + UUID.randomUUID().toString().replace("-", ""));
        store.execute("CREATE SCHEMA " + store.schema);
        return Optional.of(store);
    }

    /** Starts a server on this store, launched as the README documents. */
    Launched launch(Path serverJar, int port, Map<String, String> serverEnvironment) throws IOException {
        Map<String, String> environment = new HashMap<>(serverEnvironment);
        environment.put("XIQ_AUTH_DB_USER", user);
        environment.put("XIQ_AUTH_DB_PASSWORD", password);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // A guarded service's credential introspects each token it has not seen: the rounds need more than 7,500 an hour.
        List<String> command = PerformanceReport.serverCommand(serverJar, port, "--db-url", schemaUrl,
                "--rate-limit-max-hour", "1000000000");
        return Launched.start(command, environment);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops the run's schema with everything in it. */
    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
