package dev.xiqauth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Does for the embedded H2 file what H2's own background writer would: rewrites the pages still live in
 * mostly dead chunks, so that the space of old chunks is reused and the file stays the size of its data.
 *
 * <p>Why it is needed: every commit writes a new chunk holding each B-tree page it touched, copied whole (about
 * 15 to 20 KB for one API token: its row and its two indexes' pages, the user's row it locked, the undo log),
 * and the pages it replaced go dead in older chunks. H2 frees a chunk only once nothing in it is live, which
 * takes a compaction; it compacts in its background writer, and {@code WRITE_DELAY=0}, which makes each commit
 * written before it returns, leaves that writer off. The file then grew by the size of every commit for good:
 * 75,506 API tokens took 1,460 MB. Chunks younger than H2's retention time (45 s), kept in case a power loss
 * reorders writes, are left alone, as H2's own writer leaves them.
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
