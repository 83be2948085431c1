package dev.xiqauth.server.store;

import dev.xiqauth.server.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs a piece of JDBC work on a pooled connection and sorts its failures (see
 * {@link StoreFailures}): the one place the stores touch connections.
 */
final class Jdbc {
    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final LatencyTimers timers;

    Jdbc(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.timers = new LatencyTimers(registry, "xiq.auth.store.operations",
                "Store operations, by operation and outcome, connection wait included", "operation", "outcome");
    }

    /** Runs the work in auto-commit mode: one statement, one commit. */
    <T> T run(String operation, Work<T> work) {
        return timed(operation, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                throw StoreFailures.translate(operation, e);
            }
        });
    }

    /** Runs the work in one transaction, rolled back if it fails. */
    <T> T transaction(String operation, Work<T> work) {
        return timed(operation, () -> inTransaction(operation, work));
    }

    /** Runs work of the store that is not JDBC's (the revocation journal's), timed as its operations are. */
    <T> T timed(String operation, Supplier<T> work) {
        long started = System.nanoTime();
        String outcome = "failure";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } finally {
            timers.record(System.nanoTime() - started, operation.replace(' ', '_'), outcome);
        }
    }

    /**
     * The failure of the work is the one reported: a connection the database broke (a restart, an administrator's
     * termination) then fails its rollback too, with an error that says only that it is closed, and that error must
     * not hide the first (a 503 would become a 500).
     */
    private <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException resetFailed) {
                // Committed: the pool resets the connection, or evicts it, when it comes back.
            }
            return result;
        } catch (SQLException e) {
            throw StoreFailures.translate(operation, e);
        }
    }
}
