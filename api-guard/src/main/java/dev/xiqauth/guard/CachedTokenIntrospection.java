package dev.xiqauth.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the positive answers of another {@link TokenIntrospector} for a while: a token found valid is taken
 * as valid, without asking, until the time to live has passed or the token expires, whichever comes first.
 * Refusals and failures are never remembered.
 *
 * <p>This is what makes it a trade: a token revoked at the auth server (a logout, a disabled user, a retired key)
 * is still accepted here until its entry expires, up to the time to live after it was checked.
 *
 * <p>Entries are keyed by the SHA-256 digest of the token, never the token itself, and hold only the caller's
 * {@link XiqPrincipal}. At most {@code maxEntries} are held; a new one pushes out the oldest. Thread-safe.
 */
final class CachedTokenIntrospection implements TokenIntrospector {
    private final TokenIntrospector origin;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Entry> entries;

    private record Entry(Introspection.Valid answer, Instant until) {
    }

    /**
     * @param origin what to ask when no live entry answers
     * @param timeToLive how long a positive answer is kept
     * @param maxEntries how many answers are kept at most
     * @param clock what decides when an entry has expired
     */
    CachedTokenIntrospection(TokenIntrospector origin, Duration timeToLive, int maxEntries, Clock clock) {
        this.origin = origin;
        this.timeToLive = timeToLive;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public Introspection introspect(String token) {
        String key = digest(token);
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && now.isBefore(entry.until())) {
                return entry.answer();
            }
            entries.remove(key);
        }
        Introspection answer = origin.introspect(token);
        if (answer instanceof Introspection.Valid valid) {
            // Counted from before the question, so an entry never outlives the answer by more than the TTL.
            Instant until = now.plus(timeToLive);
            Instant tokenExpiry = valid.principal().expiresAt().orElse(Instant.MAX);
            if (tokenExpiry.isBefore(until)) {
                until = tokenExpiry;
            }
            if (now.isBefore(until)) {
                synchronized (entries) {
                    entries.put(key, new Entry(valid, until));
                }
            }
        }
        return answer;
    }

    /** @return how many answers are held now, expired ones not yet dropped included */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
