package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.StoreSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes committed together: each durable when its caller returns, each failing alone. */
final class GroupCommitTest {
    @TempDir
    Path dataDir;

    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(StoreSettings.embedded(dataDir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static byte[] key(int n) {
        return new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private int insert(Connection connection, int n) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)")) {
            insert.setBytes(1, key(n));
            insert.setLong(2, 4_000_000_000L);
            return insert.executeUpdate();
        }
    }

    private long rows() {
        return database.jdbc().run("count", connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM revoked_tokens");
                    ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    @Test
    void manyConcurrentWritesAreAllCommittedWhenTheirCallersReturnAndOneFailingWriteFailsAlone() throws Exception {
        GroupCommit group = database.groupCommit();
        int writers = 64;
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return group.write("test write", key(n), connection -> {
                        attempts.incrementAndGet();
                        if (n == 7) {
                            throw new SQLException("this write fails");
                        }
                        return insert(connection, n);
                    });
                }));
            }
            start.countDown();
            int committed = 0;
            int failed = 0;
            for (Future<Integer> result : results) {
                try {
                    committed += result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("test write failed");
                    failed++;
                }
            }

            assertThat(failed).as("only the failing write failed").isEqualTo(1);
            assertThat(committed).isEqualTo(writers - 1);
            assertThat(rows()).as("every successful write is in the store").isEqualTo(writers - 1);
            assertThat(attempts.get()).as("writes ran in batches: a failed batch reruns its writes alone")
                    .isGreaterThanOrEqualTo(writers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteAfterTheStoreClosedIsRefused() {
        GroupCommit group = database.groupCommit();
        group.close();
        assertThatThrownBy(() -> group.write("late", key(1), connection -> insert(connection, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
