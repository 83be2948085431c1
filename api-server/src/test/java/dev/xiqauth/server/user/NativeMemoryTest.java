package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** With glibc, a finished hash's memory is given back to the system. */
final class NativeMemoryTest {
    private static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void afterTheThresholdIsFixedTheMemoryOfFinishedHashesIsNotKept() throws Exception {
        assumeTrue(Platform.isLinux(), "glibc's allocator");
        assertThat(NativeMemory.returnLargeBlocksWhenFreed()).as("glibc took the setting").isTrue();
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(Argon2Parameters.OWASP_MINIMUM);
        String hash = hasher.hash("first, to load the library");
        long before = residentKib();

        for (int i = 0; i < 8; i++) {
            Thread hashing = new Thread(() -> hasher.verify(hash, "a password"));
            hashing.start();
            hashing.join();
        }

        assertThat(residentKib() - before).as("KiB kept after eight 19 MiB hashes on eight threads")
                .isLessThan(32 * 1024);
    }
}
