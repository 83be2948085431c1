package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hashing threads' priority is lowered for themselves alone, never for the rest of the process. */
final class BackgroundPriorityTest {
    @Test
    void onLinuxTheCallingThreadAloneGetsNice19() throws Exception {
        assumeTrue(Platform.isLinux(), "per-thread nice values are Linux's");
        int before = BackgroundPriority.niceOfCallingThread();
        int[] inside = new int[2];
        Thread lowered = new Thread(() -> {
            inside[0] = BackgroundPriority.applyToCallingThread() ? 1 : 0;
            inside[1] = BackgroundPriority.niceOfCallingThread();
        });
        lowered.start();
        lowered.join(5_000);

        assertThat(inside[0]).as("the kernel accepted it").isEqualTo(1);
        assertThat(inside[1]).isEqualTo(19);
        assertThat(BackgroundPriority.niceOfCallingThread()).as("this thread is untouched").isEqualTo(before);
    }

    @Test
    void theHashingThreadsRunAtTheLowestPriority() throws Exception {
        assumeTrue(Platform.isLinux(), "per-thread nice values are Linux's");
        int[] seen = new int[1];
        PasswordHasher probe = new PasswordHasher() {
            @Override
            public String hash(String password) {
                seen[0] = BackgroundPriority.niceOfCallingThread();
                return "h";
            }

            @Override
            public boolean verify(String encodedHash, String password) {
                return false;
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(probe, 1, 0)) {
            CompletableFuture.supplyAsync(() -> bounded.hash("p")).get(5, TimeUnit.SECONDS);
        }
        assertThat(seen[0]).isEqualTo(19);
    }
}
