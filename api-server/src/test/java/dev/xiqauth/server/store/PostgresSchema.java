package dev.xiqauth.server.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.xiqauth.server.config.StoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the test PostgreSQL server, dropped on close, so that tests do not see each
 * other's rows. The server is named by {@code XIQ_AUTH_TEST_PG_URL} (with {@code XIQ_AUTH_TEST_PG_USER}
 * and {@code XIQ_AUTH_TEST_PG_PASSWORD}); {@code .ci/run} starts one. Without it the PostgreSQL tests
 * are skipped locally, and fail in CI ({@code CI=true}), so CI can never pass by skipping them.
 */
public final class PostgresSchema implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresSchema(String url, String user, String password) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
    }

    /** @return a new schema, or the test is skipped (locally) or failed (in CI) */
    public static PostgresSchema create() {
        String url = System.getenv("XIQ_AUTH_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("XIQ_AUTH_TEST_PG_URL is not set: the PostgreSQL tests must run in CI");
            }
            Assumptions.abort("XIQ_AUTH_TEST_PG_URL is not set: PostgreSQL tests skipped");
        }
        try {
            return new PostgresSchema(url, System.getenv("XIQ_AUTH_TEST_PG_USER"),
                    System.getenv("XIQ_AUTH_TEST_PG_PASSWORD"));
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL server at " + url + " cannot be used", e);
        }
    }

    /** @return store settings for this schema */
    public StoreSettings settings() {
        return new StoreSettings(jdbcUrl(), Optional.ofNullable(user), Optional.ofNullable(password), 10,
                Duration.ofSeconds(2));
    }

    /** @return the JDBC URL of this schema */
    public String jdbcUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
