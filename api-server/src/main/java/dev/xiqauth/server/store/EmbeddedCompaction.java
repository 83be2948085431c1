package dev.xiqauth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Does for the embedded H2 file part of what H2's own background writer would: rewrites the pages still live in
 * mostly dead chunks, so that old chunks empty and their space is reused.
 *
 * <p>Why it is needed: every commit writes a new chunk holding each B-tree page it touched, copied whole (15 to
 * 40 KB for one API token: its row and its indexes' pages, the user's row it locked, its quota claim, the undo
 * log; the row itself takes about 100 bytes), and the pages it replaced go dead in older chunks. H2 reuses a
 * chunk's space once nothing in it is live and its retention (45 s, kept in case a power loss reorders writes)
 * has passed; moving the last live pages out of sparse chunks is its background writer's work, and
 * {@code WRITE_DELAY=0}, which makes each commit written before it returns, leaves that writer off.
 *
 * <p>A database served by another process (H2's {@code AUTO_SERVER}) is that process's to compact: a remote
 * session has no store here, and is left alone.
 */
final class EmbeddedCompaction {
    /** The fill rate H2's own writer aims for, in percent of each chunk's pages still live. */
    private static final int TARGET_FILL_RATE = 90;
    /** The most one compaction rewrites, so that it never holds the store long. */
    private static final int MOST_BYTES_REWRITTEN = 16 << 20;

    private final DataSource dataSource;

    EmbeddedCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @return whether a compaction ran: false for a database that is not an H2 file opened by this process
     * @throws SQLException if no connection can be had
     */
    boolean compact() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return false;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.isClosed() || store.isReadOnly()) {
                return false;
            }
            store.compact(TARGET_FILL_RATE, MOST_BYTES_REWRITTEN);
            return true;
        }
    }
}
