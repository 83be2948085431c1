package dev.xiqauth.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of the {@link RevocationJournal}: an 8-byte header, then records of 28 bytes (the {@code jti}'s 16 bytes,
 * the epoch second it may be forgotten after, and a CRC-32C of both), each written with one positional write, and
 * the revocations it holds, in memory until they are folded into the database and the file deleted.
 */
final class JournalSegment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSegment.class);
    private static final byte[] HEADER = "XIQREVJ1".getBytes(StandardCharsets.US_ASCII);
    static final int RECORD_BYTES = 28;
    private static final int CHECKED_BYTES = 24;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);
    private final CRC32C checksum = new CRC32C();
    private final byte[] checked = new byte[CHECKED_BYTES];
    private final ConcurrentMap<UUID, Long> revocations = new ConcurrentHashMap<>();
    private long size;

    private JournalSegment(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * @param file a file that does not exist yet
     * @return a new, empty segment in it
     * @throws IOException if it cannot be made
     */
    static JournalSegment create(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.wrap(HEADER);
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
        return new JournalSegment(file, channel, HEADER.length);
    }

    /**
     * Writes a revocation to the file and then holds it. Not thread-safe: the journal serialises appends. A write that
     * fails is cut off the file again, so that no half record is followed by whole ones.
     *
     * @throws IOException if it cannot be written
     */
    void append(UUID jti, long forgetAfter) throws IOException {
        record.clear();
        record.putLong(jti.getMostSignificantBits()).putLong(jti.getLeastSignificantBits()).putLong(forgetAfter);
        record.flip();
        record.get(checked);
        checksum.reset();
        checksum.update(checked);
        record.limit(RECORD_BYTES).putInt((int) checksum.getValue()).flip();
        long at = size;
        try {
            while (record.hasRemaining()) {
                channel.write(record, at + record.position());
            }
        } catch (IOException e) {
            try {
                channel.truncate(at);
            } catch (IOException truncateFailed) {
                e.addSuppressed(truncateFailed);
            }
            throw e;
        }
        size = at + RECORD_BYTES;
        revocations.put(jti, forgetAfter);
    }

    boolean holds(UUID jti) {
        return revocations.containsKey(jti);
    }

    boolean isEmpty() {
        return revocations.isEmpty() && size == HEADER.length;
    }

    /** @return its revocations, which no one appends to any more once it is sealed */
    Map<UUID, Long> revocations() {
        return revocations;
    }

    void forEach(BiConsumer<UUID, Long> revocation) {
        revocations.forEach(revocation);
    }

    Path file() {
        return file;
    }

    /** Closes and deletes the file, once what it holds is in the database. */
    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Reads a segment left by an earlier run. A write cut short by a crash can only be the last: a final partial
     * record, or a final run of zeros (what a file system may show of a write lost with the power), ends the
     * segment with a warning; those logouts were never answered. Anything else that does not read as a record is
     * damage, and refused: skipping it could forget revocations and accept tokens that were logged out.
     *
     * @param file the segment
     * @return its revocations
     * @throws DamagedStoreException if it is damaged
     * @throws IOException if it cannot be read
     */
    static Map<UUID, Long> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Map<UUID, Long> read = new HashMap<>();
        if (bytes.length < HEADER.length) {
            if (allZero(bytes, 0)) {
                return read; // made, and its header never written
            }
            throw damaged(file, 0, "a header cut short");
        }
        if (!Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw damaged(file, 0, "not a revocation journal's header");
        }
        ByteBuffer records = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        int at = HEADER.length;
        while (at + RECORD_BYTES <= bytes.length) {
            crc.reset();
            crc.update(bytes, at, CHECKED_BYTES);
            if ((int) crc.getValue() != records.getInt(at + CHECKED_BYTES)) {
                if (allZero(bytes, at)) {
                    LOG.warn("the revocation journal {} ends in {} bytes of zeros, a write lost with the machine: "
                            + "ignored", file, bytes.length - at);
                    return read;
                }
                throw damaged(file, at, "a record whose checksum does not match");
            }
            read.put(new UUID(records.getLong(at), records.getLong(at + 8)), records.getLong(at + 16));
            at += RECORD_BYTES;
        }
        if (at < bytes.length) {
            LOG.warn("the revocation journal {} ends in a record cut short ({} of {} bytes), a write that never "
                    + "completed: ignored", file, bytes.length - at, RECORD_BYTES);
        }
        return read;
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static DamagedStoreException damaged(Path file, int at, String what) {
        return new DamagedStoreException("the revocation journal " + file + " is damaged: " + what + " at byte " + at
                + ". It holds logouts not yet in the database; restore it from a backup, or move it aside knowing that "
                + "the tokens it revoked are accepted again until they expire");
    }
}
