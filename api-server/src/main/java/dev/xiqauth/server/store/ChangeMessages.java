package dev.xiqauth.server.store;

import dev.xiqauth.server.feed.Change;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * A change log entry as the text of its notification: {@code position kind subject expires_at}, separated by single
 * spaces, the last two empty where the entry has none. Subjects are {@code jti}s (hexadecimal) and user ids
 * (digits), never a space; the longest message is far below PostgreSQL's 8,000 bytes.
 */
final class ChangeMessages {
    /** The message of the row that a {@code RETURNING position, kind, subject, expires_at} names, in SQL. */
    static final String SQL = "CAST(position AS TEXT) || ' ' || kind || ' ' || COALESCE(subject, '') || ' ' "
            + "|| COALESCE(CAST(expires_at AS TEXT), '')";

    private ChangeMessages() {
    }

    /**
     * @param message a notification's text
     * @return the entry it carries; empty for any other text (a message of an older server carries only the
     *     position), which costs the reader one read of the log
     */
    static Optional<Change> parse(String message) {
        String[] fields = message.split(" ", -1);
        if (fields.length != 4) {
            return Optional.empty();
        }
        try {
            Change.Kind kind = Change.Kind.valueOf(fields[1]);
            Optional<String> subject = fields[2].isEmpty() ? Optional.empty() : Optional.of(fields[2]);
            Optional<Instant> expiresAt = fields[3].isEmpty() ? Optional.empty()
                    : Optional.of(Instant.ofEpochSecond(Long.parseLong(fields[3])));
            return Optional.of(new Change(Long.parseLong(fields[0]), kind, subject, expiresAt));
        } catch (IllegalArgumentException | DateTimeException notAnEntry) {
            return Optional.empty();
        }
    }
}
