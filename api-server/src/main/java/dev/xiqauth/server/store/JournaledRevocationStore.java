package dev.xiqauth.server.store;

import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.token.RevocationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's revocations for the server that holds its lock: {@link #record} makes a revocation durable
 * by appending 28 bytes to a {@link RevocationJournal}, instead of a database commit that rewrites a page of the
 * {@code jti} index each, and {@link #fold} moves what the journal holds into the database in one transaction at a
 * time. Every question is answered over both, so that nothing written is ever missing from an answer; a journal
 * left by a crash is folded when the store is opened again.
 */
public final class JournaledRevocationStore implements RevocationStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledRevocationStore.class);

    private final JdbcRevocationStore folded;
    private final RevocationJournal journal;
    private final Object folding = new Object();

    private JournaledRevocationStore(JdbcRevocationStore folded, RevocationJournal journal) {
        this.folded = folded;
        this.journal = journal;
    }

    /**
     * Folds what an earlier run left in the journal, then opens it for this one.
     *
     * @param dataDir the embedded store's data directory, whose lock this process holds
     * @param folded the database's revocations
     * @return the store
     * @throws DamagedStoreException if a journal segment is damaged
     * @throws UncheckedIOException if the journal cannot be read or made
     */
    static JournaledRevocationStore open(Path dataDir, JdbcRevocationStore folded) {
        try {
            return new JournaledRevocationStore(folded, RevocationJournal.open(dataDir, folded::insertAll));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the revocation journal in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Asks the database, where concurrent revokes of one token are told apart: for a caller that cannot tell. */
    @Override
    public boolean revoke(String jti, Instant expiresAt) {
        if (journal.holds(keyOf(jti))) {
            return false;
        }
        return folded.revoke(jti, expiresAt);
    }

    /**
     * Appends to the journal: durable when it returns, and answered by this store from then on. Its latency is the
     * store operation {@code revoke}, as a revocation's commit is where there is no journal.
     */
    @Override
    public void record(String jti, Instant expiresAt) {
        folded.jdbc().timed("revoke", () -> {
            try {
                journal.append(keyOf(jti), expiresAt.getEpochSecond());
                return null;
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot write the revocation journal: " + e);
            }
        });
    }

    @Override
    public boolean isRevoked(String jti, String keyId) {
        return journal.holds(keyOf(jti)) || folded.isRevoked(jti, keyId);
    }

    /**
     * The journal first, then the database: a fold between the two moves revocations from the first into the second,
     * which is read after it. (The other way round, a fold during the database's read would hide them from both.)
     */
    @Override
    public void forEachKept(BiConsumer<String, Instant> revocation) {
        journal.forEach((jti, forgetAfter) -> revocation.accept(hexOf(jti), Instant.ofEpochSecond(forgetAfter)));
        folded.forEachKept(revocation);
    }

    /** Forgets what the database holds; what the journal holds is forgotten after it is folded, by a later purge. */
    @Override
    public int purgeExpired() {
        return folded.purgeExpired();
    }

    /**
     * Moves every revocation the journal holds into the database, a segment a transaction, and deletes the segments
     * folded. The server calls it on a schedule; the appends go on meanwhile into a new segment.
     *
     * @return how many revocations were folded
     * @throws StoreUnavailableException (or another exception of the store) if the database failed: the segments
     *     stay, and the next call folds them
     * @throws UncheckedIOException if a new segment or a deletion failed: likewise
     */
    public int fold() {
        synchronized (folding) {
            int moved = 0;
            try {
                List<JournalSegment> sealed = journal.seal();
                for (JournalSegment segment : sealed) {
                    folded.insertAll(segment.revocations());
                    journal.folded(segment);
                    moved += segment.revocations().size();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fold the revocation journal: " + e.getMessage(), e);
            }
            return moved;
        }
    }

    /** Folds what it can, then closes the journal; what could not be folded waits in its files for the next start. */
    @Override
    public void close() {
        try {
            fold();
        } catch (RuntimeException e) {
            LOG.warn("the revocation journal is left to fold at the next start: {}", e.getMessage());
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("closing the revocation journal failed: {}", e.getMessage());
        }
    }

    private static UUID keyOf(String jti) {
        if (jti.length() != 32) {
            throw new IllegalArgumentException("a jti is 32 hex digits");
        }
        return new UUID(HexFormat.fromHexDigitsToLong(jti, 0, 16), HexFormat.fromHexDigitsToLong(jti, 16, 32));
    }

    private static String hexOf(UUID jti) {
        return HexFormat.of().toHexDigits(jti.getMostSignificantBits())
                + HexFormat.of().toHexDigits(jti.getLeastSignificantBits());
    }
}
