package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Hashes take their memory from blocks kept for them: no page fault storm per hash, bounded, wiped. */
final class HashMemoryPoolTest {
    private static final Argon2Parameters OWASP = Argon2Parameters.OWASP_MINIMUM;

    /** Field 10 of {@code /proc/thread-self/stat}: minor page faults of the calling thread. */
    private static long minorFaultsOfThisThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }

    @Test
    void aHashOnKeptMemoryFaultsInNoneOfItsNineteenMebibytes() throws IOException {
        assumeTrue(Platform.isLinux(), "the kernel's per-thread fault counts");
        NativeMemory.returnLargeBlocksWhenFreed(); // as the server runs: every freed block goes back at once
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(OWASP, 1);
        String hash = hasher.hash("the first hash faults its block in");
        long before = minorFaultsOfThisThread();

        for (int i = 0; i < 5; i++) {
            assertThat(hasher.verify(hash, "the first hash faults its block in")).isTrue();
        }

        // A 19 MiB block allocated afresh is 4,864 pages, each faulted in; kept, it faults in none of them.
        assertThat((minorFaultsOfThisThread() - before) / 5).as("minor page faults per hash").isLessThan(500);
    }

    @Test
    void blocksKeptAreBoundedWhateverTheNumberOfHashesAtOnce() throws Exception {
        HashMemoryPool pool = new HashMemoryPool(2);
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(OWASP, pool);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hashes.add(threads.submit(() -> {
                    start.await();
                    return hasher.hash("four at once");
                }));
            }
            start.countDown();
            for (Future<String> hash : hashes) {
                assertThat(hasher.verify(hash.get(), "four at once")).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(pool.idleBlocks()).isEqualTo(2);
    }

    @Test
    void aKeptBlockHoldsNothingOfThePasswordItServed() {
        HashMemoryPool pool = new HashMemoryPool(1);
        new Argon2idPasswordHasher(OWASP, pool).hash("a password that must not linger");

        Memory kept = pool.nextBlock().orElseThrow();
        assertThat(kept.size()).isEqualTo(OWASP.memoryKib() * 1024L);
        byte[] contents = kept.getByteArray(0, (int) kept.size());
        assertThat(contents).as("the kept block, wiped by libargon2 before it was given back")
                .containsOnly((byte) 0);
    }

    @Test
    void aHashOfOtherCostsIsLentABlockOfItsOwnSize() {
        HashMemoryPool pool = new HashMemoryPool(1);
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(OWASP, pool);
        String stronger = new Argon2idPasswordHasher(new Argon2Parameters(24 * 1024, 2, 1)).hash("secret");
        hasher.hash("fills the pool with a 19 MiB block");

        assertThat(hasher.verify(stronger, "secret")).isTrue();

        assertThat(pool.nextBlock().orElseThrow().size()).isEqualTo(24 * 1024 * 1024L);
        assertThat(hasher.verify(hasher.hash("back to the configured costs"), "back to the configured costs")).isTrue();
        assertThat(pool.idleBlocks()).isEqualTo(1);
    }

    @Test
    void aHasherThatKeepsNoBlocksFreesEachOne() {
        HashMemoryPool pool = new HashMemoryPool(0);
        new Argon2idPasswordHasher(OWASP, pool).hash("one hash");

        assertThat(pool.idleBlocks()).isZero();
    }
}
