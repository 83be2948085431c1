package dev.xiqauth.server.user;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Size_t;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lends libargon2 the memory of its hashes, through the {@code allocate_cbk} and {@code free_cbk} callbacks of
 * its {@code argon2_context}, from blocks it keeps for the next hash. A block the C allocator handed out afresh
 * for each hash (19 MiB by default) is faulted in page by page and zeroed by the kernel every time: 4,900 page
 * faults and 13 of a hash's 47 ms of CPU on this project's machines. A kept block stays mapped, so a hash costs its
 * computation only.
 *
 * <p>Kept memory is bounded: at most {@code blocksKept} blocks, about one per hash computed at once; a block
 * beyond that, or one of another size than a hash now needs, is freed when its hash ends. libargon2 wipes a
 * block before it gives it back (its {@code clear_internal_memory}), so a kept block holds nothing of the
 * password it served.
 */
final class HashMemoryPool {
    /** libargon2's {@code int (*allocate_fptr)(uint8_t **memory, size_t bytes_to_allocate)}. */
    interface Allocate extends Callback {
        int invoke(Pointer blockOut, Size_t bytes);
    }

    /** libargon2's {@code void (*deallocate_fptr)(uint8_t *memory, size_t bytes_to_allocate)}. */
    interface Release extends Callback {
        void invoke(Pointer block, Size_t bytes);
    }

    private static final int ARGON2_OK = 0;
    private static final int ARGON2_MEMORY_ALLOCATION_ERROR = -22;

    private final int blocksKept;
    private final Deque<Memory> idle = new ArrayDeque<>();
    private final Map<Long, Memory> lent = new HashMap<>();
    // The callbacks stay reachable as long as the pool: libargon2 holds only their native entry points.
    private final Allocate allocate = this::lend;
    private final Release release = this::giveBack;
    private final Pointer allocateEntry = CallbackReference.getFunctionPointer(allocate);
    private final Pointer releaseEntry = CallbackReference.getFunctionPointer(release);

    /** @param blocksKept blocks kept between hashes; 0 frees each block when its hash ends */
    HashMemoryPool(int blocksKept) {
        if (blocksKept < 0) {
            throw new IllegalArgumentException("blocks kept must not be negative");
        }
        this.blocksKept = blocksKept;
    }

    /** @return the native entry point for {@code argon2_context.allocate_cbk} */
    Pointer allocateEntry() {
        return allocateEntry;
    }

    /** @return the native entry point for {@code argon2_context.free_cbk} */
    Pointer releaseEntry() {
        return releaseEntry;
    }

    /** @return blocks kept for the next hashes now */
    synchronized int idleBlocks() {
        return idle.size();
    }

    /** @return the block the next hash will be lent, if one is kept */
    synchronized Optional<Memory> nextBlock() {
        return Optional.ofNullable(idle.peekFirst());
    }

    /**
     * Called by libargon2 on the hashing thread; an exception must not cross back into C, which reads the
     * block's address whatever this returns: a failure leaves it null, which libargon2 reports as its
     * memory allocation error.
     */
    private int lend(Pointer blockOut, Size_t bytes) {
        blockOut.setPointer(0, null);
        try {
            Memory block = take(bytes.longValue());
            blockOut.setPointer(0, block);
            return ARGON2_OK;
        } catch (RuntimeException | OutOfMemoryError allocationFailed) {
            return ARGON2_MEMORY_ALLOCATION_ERROR;
        }
    }

    private Memory take(long bytes) {
        Memory block;
        synchronized (this) {
            block = idle.pollFirst();
        }
        if (block != null && block.size() != bytes) {
            block.close();
            block = null;
        }
        if (block == null) {
            block = new Memory(bytes);
        }
        synchronized (this) {
            lent.put(Pointer.nativeValue(block), block);
        }
        return block;
    }

    private void giveBack(Pointer address, Size_t bytes) {
        Memory block;
        synchronized (this) {
            block = lent.remove(Pointer.nativeValue(address));
            if (block != null && idle.size() < blocksKept) {
                idle.addFirst(block);
                return;
            }
        }
        // An address this pool did not lend is left alone: libargon2 frees only what it was lent, and freeing
        // memory whose owner is unknown could corrupt the C heap, where a leak cannot.
        if (block != null) {
            block.close();
        }
    }
}
