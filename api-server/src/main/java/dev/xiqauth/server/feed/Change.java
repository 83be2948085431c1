package dev.xiqauth.server.feed;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the change log: a committed write that can change what a token check answers, at its position in
 * the order writes committed. A view applies it by what it names, never by a value it carries that the store might
 * since have changed again (a user's entry makes the view read the user anew).
 *
 * @param position its place in the log: positions commit in order and without gaps
 * @param kind what changed
 * @param subject the token's {@code jti} ({@link Kind#REVOKED}) or the user's id ({@link Kind#USER}); empty for
 *     {@link Kind#KEYS}
 * @param expiresAt when a revocation may be forgotten ({@link Kind#REVOKED} only)
 */
public record Change(long position, Kind kind, Optional<String> subject, Optional<Instant> expiresAt) {
    /** What a change is about. */
    public enum Kind {
        /** A token was revoked (a logout): its {@code jti} is refused until it expires. */
        REVOKED,
        /**
         * A user or that user's API tokens changed (added, disabled, enabled, new password, new role, removed; an API
         * token recorded or revoked, with those it created): the view reads the user and its API tokens anew.
         */
        USER,
        /** The signing keys changed (one retired, rotated): the view reads which keys are retired anew. */
        KEYS
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1, got " + position);
        }
        if (kind != Kind.KEYS && subject.isEmpty()) {
            throw new IllegalArgumentException(kind + " names its subject");
        }
        if (kind == Kind.REVOKED && expiresAt.isEmpty()) {
            throw new IllegalArgumentException("a revocation says when it may be forgotten");
        }
    }

    /** @return the user's id of a {@link Kind#USER} entry */
    public long userId() {
        if (kind != Kind.USER) {
            throw new IllegalStateException(kind + " names no user");
        }
        return Long.parseLong(subject.get());
    }
}
