package dev.xiqauth.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revocations written to append-only files in the data directory before they are in the database: a logout is
 * durable once its record of 28 bytes is written, as a database commit is with {@code WRITE_DELAY=0} (in the
 * operating system's hands, safe from a crash of the process; neither is synced to the disk). The current segment
 * takes the appends; {@link #seal} closes it and starts another, and a sealed segment is deleted once its
 * revocations are in the database. Every revocation is held in memory until then, so that the journal can say
 * whether it holds a token. Only the process that holds the data directory's lock opens it.
 */
final class RevocationJournal implements AutoCloseable {
    private static final Pattern SEGMENT = Pattern.compile("revocations-(\\d{1,18})\\.journal");

    private final Path directory;
    private final Object appending = new Object();
    /** Guarded by {@link #appending} for writes; read without it. */
    private volatile JournalSegment current;
    /** Sealed and not yet folded, oldest first; replaced, never changed, so that readers need no lock. */
    private volatile List<JournalSegment> sealed = List.of();
    private long nextSequence;
    private boolean closed;

    private RevocationJournal(Path directory, JournalSegment current, long nextSequence) {
        this.directory = directory;
        this.current = current;
        this.nextSequence = nextSequence;
    }

    /**
     * Hands the revocations of every segment an earlier run left to {@code fold}, oldest first, deleting each once
     * {@code fold} has returned, then starts a new segment.
     *
     * @param directory the data directory, whose lock this process holds
     * @param fold puts revocations in the database; throwing stops the open, and leaves the segments for the next
     * @return the journal
     * @throws DamagedStoreException if a segment is damaged
     * @throws IOException if a segment cannot be read, deleted or made
     */
    static RevocationJournal open(Path directory, Consumer<Map<UUID, Long>> fold) throws IOException {
        TreeMap<Long, Path> left = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "revocations-*.journal")) {
            for (Path file : files) {
                Matcher name = SEGMENT.matcher(file.getFileName().toString());
                if (name.matches()) {
                    left.put(Long.parseLong(name.group(1)), file);
                }
            }
        }
        for (Path file : left.values()) {
            Map<UUID, Long> revocations = JournalSegment.read(file);
            if (!revocations.isEmpty()) {
                fold.accept(revocations);
            }
            Files.delete(file);
        }
        long sequence = left.isEmpty() ? 1 : left.lastKey() + 1;
        return new RevocationJournal(directory, JournalSegment.create(fileOf(directory, sequence)), sequence + 1);
    }

    /**
     * Writes a revocation; it is held from the moment this returns.
     *
     * @throws IOException if it could not be written (nothing of it is then in the file, nor held)
     */
    void append(UUID jti, long forgetAfter) throws IOException {
        synchronized (appending) {
            if (closed) {
                throw new IOException("the revocation journal is closed");
            }
            current.append(jti, forgetAfter);
        }
    }

    /** @return whether a revocation of this token is written here and not yet folded */
    boolean holds(UUID jti) {
        // The current segment first: a segment being sealed is added to the sealed ones before it stops being current.
        if (current.holds(jti)) {
            return true;
        }
        for (JournalSegment segment : sealed) {
            if (segment.holds(jti)) {
                return true;
            }
        }
        return false;
    }

    /** Hands every revocation held here, sealed or not. */
    void forEach(BiConsumer<UUID, Long> revocation) {
        for (JournalSegment segment : sealed) {
            segment.forEach(revocation);
        }
        current.forEach(revocation);
    }

    /**
     * Seals the current segment, unless it holds nothing, and starts another.
     *
     * @return every sealed segment not yet folded, oldest first
     * @throws IOException if the next segment cannot be made: the current one goes on taking appends
     */
    List<JournalSegment> seal() throws IOException {
        synchronized (appending) {
            if (!closed && !current.isEmpty()) {
                JournalSegment next = JournalSegment.create(fileOf(directory, nextSequence));
                nextSequence++;
                List<JournalSegment> withCurrent = new ArrayList<>(sealed);
                withCurrent.add(current);
                sealed = List.copyOf(withCurrent);
                JournalSegment full = current;
                current = next;
                full.close();
            }
            return sealed;
        }
    }

    /**
     * Deletes a sealed segment whose revocations are in the database now.
     *
     * @throws IOException if its file cannot be deleted: it stays, and is folded again (harmlessly) at the next start
     */
    void folded(JournalSegment segment) throws IOException {
        synchronized (appending) {
            List<JournalSegment> left = new ArrayList<>(sealed);
            left.remove(segment);
            sealed = List.copyOf(left);
        }
        segment.delete();
    }

    /** Stops taking appends; what is held stays held, and every file stays for the next start to fold. */
    @Override
    public void close() throws IOException {
        synchronized (appending) {
            closed = true;
            current.close();
        }
    }

    private static Path fileOf(Path directory, long sequence) {
        return directory.resolve("revocations-" + sequence + ".journal");
    }
}
