package dev.xiqauth.server.store;

import dev.xiqauth.server.feed.LocalViewLeases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Until when the guards of the server on an embedded store may hold leases, in a file of its data directory: the
 * next run reads it and waits for them ({@link LocalViewLeases}). Written whole to a new file, forced to the disk and
 * moved in place, so a crash leaves the old value or the new one; a file that cannot be read counts as a lease
 * (the next run waits one out, which is safe), never as none.
 */
public final class GuardLeaseFenceFile implements LocalViewLeases.LeaseFence {
    private static final Logger LOG = LoggerFactory.getLogger(GuardLeaseFenceFile.class);
    static final String NAME = "guard-leases-until";

    private final Path file;

    /** @param dataDir the embedded store's data directory, whose lock this process holds */
    public GuardLeaseFenceFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    @Override
    public long untilMillis() {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException none) {
            return 0;
        } catch (IOException | NumberFormatException damaged) {
            LOG.warn("{} cannot be read ({}): writes wait out one lease of guards of an earlier run", file,
                    damaged.toString());
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void recordUntilMillis(long until) {
        Path written = file.resolveSibling(NAME + ".new");
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer text = ByteBuffer.wrap((until + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the guards' leases in " + written, e);
        }
        try {
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the guards' leases in " + file, e);
        }
    }
}
