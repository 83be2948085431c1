package dev.xiqauth.server.user;

import com.sun.jna.Platform;

/**
 * Has the C allocator give Argon2id's memory back to the system as soon as a hash frees it. glibc maps a
 * block as large as a hash's (19 MiB by default) on its own, but once the first such block is freed it
 * raises its threshold for that, and later blocks come from, and stay in, the arena of the thread that
 * hashed: a third of the process's memory held by hashes that finished long ago. A fixed threshold keeps
 * every large block mapped on its own and unmapped when freed, at the price of one mapping per hash,
 * which is nothing beside a hash's cost. Only blocks of at least {@value #THRESHOLD_BYTES} bytes are
 * concerned.
 */
public final class NativeMemory {
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int THRESHOLD_BYTES = 4 * 1024 * 1024;

    private NativeMemory() {
    }

    /**
     * Sets the process's C allocator once, before the first hash; the composition root calls it.
     *
     * @return whether the allocator now returns large blocks at once; false where it is not glibc's
     */
    public static boolean returnLargeBlocksWhenFreed() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            return CLibrary.get().mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException notGlibc) {
            return false;
        }
    }
}
