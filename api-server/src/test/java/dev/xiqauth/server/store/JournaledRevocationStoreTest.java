package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's revocations through their journal: every answer over the journal and the database alike, a
 * logout durable once appended (a crash before the fold loses nothing), and a damaged journal refused, not skipped.
 */
final class JournaledRevocationStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String KID = "key-1";

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private JdbcRevocationStore database() {
        Database database = Database.open(StoreSettings.embedded(dataDir));
        opened.add(database);
        return new JdbcRevocationStore(database, Clock.systemUTC());
    }

    private static String jti(int n) {
        return String.format("%032x", n);
    }

    private List<Path> segments() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "revocations-*.journal")) {
            files.forEach(found::add);
        }
        return found;
    }

    /** Runs a store, records revocations, and leaves as a crash would: nothing folded, the journal's files left. */
    private void recordAndCrash(String... jtis) {
        Database database = Database.open(StoreSettings.embedded(dataDir));
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir,
                new JdbcRevocationStore(database, Clock.systemUTC()));
        for (String jti : jtis) {
            store.record(jti, NOW.plusSeconds(3600));
        }
        database.close();
    }

    @Test
    void aRecordedRevocationIsAnsweredAtOnceFromTheJournalAndFromTheDatabaseOnceFolded() {
        JdbcRevocationStore database = database();
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database);
        opened.add(store);

        store.record(jti(1), NOW.plusSeconds(60));

        assertThat(store.isRevoked(jti(1), KID)).isTrue();
        assertThat(store.isRevoked(jti(2), KID)).isFalse();
        assertThat(database.isRevoked(jti(1), KID)).as("in the database before the fold").isFalse();
        assertThat(store.fold()).isEqualTo(1);
        assertThat(database.isRevoked(jti(1), KID)).as("in the database after the fold").isTrue();
        assertThat(store.isRevoked(jti(1), KID)).isTrue();
        assertThat(store.fold()).as("nothing left to fold").isZero();
    }

    @Test
    void aRevokeTellsARevocationTheJournalHoldsFromANewOne() {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);
        store.record(jti(1), NOW.plusSeconds(60));

        assertThat(store.revoke(jti(1), NOW.plusSeconds(60))).as("revoked already, in the journal").isFalse();
        assertThat(store.revoke(jti(2), NOW.plusSeconds(60))).isTrue();
        assertThat(store.revoke(jti(2), NOW.plusSeconds(60))).isFalse();
    }

    @Test
    void everyKeptRevocationIsHandedWhetherFoldedOrNot() {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);
        store.record(jti(1), NOW.plusSeconds(60));
        store.fold();
        store.record(jti(2), NOW.plusSeconds(120));

        Map<String, Instant> handed = new HashMap<>();
        store.forEachKept(handed::put);

        assertThat(handed).containsEntry(jti(1), NOW.plusSeconds(60)).containsEntry(jti(2), NOW.plusSeconds(120));
    }

    @Test
    void aFoldWhileTheKeptRevocationsAreHandedHidesNoneOfThem() {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);
        store.record(jti(1), NOW.plusSeconds(60));
        store.fold();
        store.record(jti(2), NOW.plusSeconds(60));
        AtomicBoolean folded = new AtomicBoolean();

        Map<String, Instant> handed = new HashMap<>();
        store.forEachKept((jti, expiresAt) -> {
            handed.put(jti, expiresAt);
            if (folded.compareAndSet(false, true)) {
                store.fold(); // the schedule's fold, run while the first revocations are being handed
            }
        });

        assertThat(handed).containsKeys(jti(1), jti(2));
    }

    @Test
    void aFoldDeletesTheSegmentsItMovedAndLeavesOnlyTheOneTakingAppends() throws IOException {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);
        for (int i = 0; i < 100; i++) {
            store.record(jti(i), NOW.plusSeconds(60));
        }
        assertThat(segments()).hasSize(1);
        assertThat(Files.size(segments().get(0))).isEqualTo(8 + 100 * JournalSegment.RECORD_BYTES);

        store.fold();

        assertThat(segments()).hasSize(1);
        assertThat(Files.size(segments().get(0))).as("the new segment: its header alone").isEqualTo(8);
    }

    @Test
    void revocationsRecordedBeforeACrashAreFoldedWhenTheStoreOpensAgain() throws IOException {
        recordAndCrash(jti(1), jti(2));
        assertThat(segments()).isNotEmpty();

        JdbcRevocationStore database = database();
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database);
        opened.add(store);

        assertThat(database.isRevoked(jti(1), KID)).isTrue();
        assertThat(database.isRevoked(jti(2), KID)).isTrue();
        assertThat(segments()).as("the old segment folded and gone; a new, empty one").hasSize(1);
        assertThat(Files.size(segments().get(0))).isEqualTo(8);
    }

    @Test
    void aRecordCutShortAtTheEndIsIgnoredAndTheWholeOnesBeforeItAreKept() throws IOException {
        recordAndCrash(jti(1), jti(2));
        Path segment = segments().get(0);
        // What a write cut short leaves: the first 20 bytes of a third record.
        Files.write(segment, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
                StandardOpenOption.APPEND);

        JdbcRevocationStore database = database();
        opened.add(JournaledRevocationStore.open(dataDir, database));

        assertThat(database.isRevoked(jti(1), KID)).isTrue();
        assertThat(database.isRevoked(jti(2), KID)).isTrue();
    }

    @Test
    void aTailOfZerosLeftByALostWriteIsIgnored() throws IOException {
        recordAndCrash(jti(1));
        Files.write(segments().get(0), new byte[3 * JournalSegment.RECORD_BYTES], StandardOpenOption.APPEND);

        JdbcRevocationStore database = database();
        opened.add(JournaledRevocationStore.open(dataDir, database));

        assertThat(database.isRevoked(jti(1), KID)).isTrue();
    }

    @Test
    void aDamagedRecordFollowedByOthersIsRefusedAndTheJournalKept() throws IOException {
        recordAndCrash(jti(1), jti(2));
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[8 + 3] ^= 0x40; // a bit of the first record's jti
        Files.write(segment, bytes);

        JdbcRevocationStore database = database();

        assertThatThrownBy(() -> JournaledRevocationStore.open(dataDir, database))
                .isInstanceOf(DamagedStoreException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("at byte 8");
        assertThat(segment).as("kept for a person to look at").exists();
        assertThat(database.isRevoked(jti(2), KID)).as("nothing of a damaged segment folded").isFalse();
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException {
        Files.writeString(dataDir.resolve("revocations-7.journal"), "something else entirely");

        JdbcRevocationStore database = database();

        assertThatThrownBy(() -> JournaledRevocationStore.open(dataDir, database))
                .isInstanceOf(DamagedStoreException.class).hasMessageContaining("header");
    }

    @Test
    void segmentsAreFoldedOldestFirstAndTheNextOneNumberedAfterThem() throws IOException {
        recordAndCrash(jti(1));
        Path first = segments().get(0);
        Files.move(first, dataDir.resolve("revocations-41.journal"));

        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);

        assertThat(segments()).containsExactly(dataDir.resolve("revocations-42.journal"));
    }

    @Test
    void aRecordTheJournalCannotWriteFailsAsAStoreThatIsDownAndHoldsNothing() {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        store.close();

        assertThatThrownBy(() -> store.record(jti(1), NOW.plusSeconds(60)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.isRevoked(jti(1), KID)).isFalse();
    }

    @Test
    void closingFoldsWhatTheJournalHolds() throws IOException {
        JdbcRevocationStore database = database();
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database);
        store.record(jti(1), NOW.plusSeconds(60));

        store.close();

        assertThat(database.isRevoked(jti(1), KID)).isTrue();
        assertThat(segments()).allSatisfy(segment -> assertThat(Files.size(segment)).isEqualTo(8));
    }

    @Test
    void aRecordIsWrittenWithItsChecksum() throws IOException {
        JournaledRevocationStore store = JournaledRevocationStore.open(dataDir, database());
        opened.add(store);
        store.record(jti(0x1234), Instant.ofEpochSecond(0x55667788L));

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segments().get(0)));
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 8, 24);

        assertThat(bytes.getLong(8)).isZero();
        assertThat(bytes.getLong(16)).isEqualTo(0x1234);
        assertThat(bytes.getLong(24)).isEqualTo(0x55667788L);
        assertThat(bytes.getInt(32)).isEqualTo((int) crc.getValue());
    }
}
