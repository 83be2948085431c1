package dev.xiqauth.server.user;

import com.sun.jna.Platform;

/**
 * Has the C allocator give a large block back to the system as soon as it is freed. The server's hashes
 * take their memory from a {@link HashMemoryPool} that keeps it; the blocks it lets go (beyond its bound, of
 * other costs, or of hashers that keep none: admin commands, the decoy) would otherwise stay in the arena
 * of the thread that freed them, since glibc raises its threshold for mapping a block on its own once the
 * first such block is freed. A fixed threshold keeps every large block mapped on its own and unmapped when
 * freed. Only blocks of at least {@value #THRESHOLD_BYTES} bytes are concerned.
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
