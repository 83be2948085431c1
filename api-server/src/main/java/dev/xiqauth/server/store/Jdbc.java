package dev.xiqauth.server.store;

import dev.xiqauth.server.metrics.LatencyBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
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
    private final MeterRegistry registry;

    Jdbc(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
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

    private <T> T timed(String operation, Supplier<T> work) {
        long started = System.nanoTime();
        String outcome = "failure";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder("xiq.auth.store.operations")
                    .description("Store operations, by operation and outcome, connection wait included")
                    .tag("operation", operation.replace(' ', '_'))
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(LatencyBuckets.boundaries())
                    .register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreFailures.translate(operation, e);
        }
    }
}
