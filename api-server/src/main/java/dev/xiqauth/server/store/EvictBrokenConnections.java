package dev.xiqauth.server.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop a connection whenever a failure on it means the store was unreachable.
 * HikariCP recognises PostgreSQL's connection errors by itself but not H2's ("database closed",
 * "connection broken"): without this, a pool kept busy would hand out dead connections forever after
 * an outage, and the server would never recover.
 */
public final class EvictBrokenConnections implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        return StoreFailures.isUnavailability(failure) ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
