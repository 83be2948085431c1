package dev.xiqauth.server.store;

import dev.xiqauth.server.error.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Sorts database failures: those that mean the store cannot be reached now (connection lost or
 * refused, pool timeout, server shutting down or out of resources) become
 * {@link StoreUnavailableException}, answered 503; anything else is a bug, answered 500.
 */
final class StoreFailures {
    private StoreFailures() {
    }

    static RuntimeException translate(String operation, SQLException failure) {
        if (isUnavailability(failure)) {
            return new StoreUnavailableException(operation + ": store unreachable (" + failure.getSQLState() + ": "
                    + failure.getClass().getSimpleName() + ")");
        }
        return new IllegalStateException(operation + " failed", failure);
    }

    static boolean isUnavailability(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 53: insufficient resources; 57: operator intervention (shutdown);
                // HY000 with H2's "connection broken" codes below.
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
                    return true;
                }
                if (sql.getErrorCode() == 90067 /* H2 connection broken */
                        || sql.getErrorCode() == 90098 /* H2 database closed */
                        || sql.getErrorCode() == 90121 /* H2 database closed on exit */) {
                    return true;
                }
            }
        }
        return false;
    }
}
