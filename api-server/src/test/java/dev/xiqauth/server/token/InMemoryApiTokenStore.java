package dev.xiqauth.server.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** API tokens held in memory: for tests only, since they are lost when the process ends. */
public final class InMemoryApiTokenStore implements ApiTokenStore {
    private static final Comparator<ApiTokenRecord> OLDEST_FIRST = Comparator.comparing(ApiTokenRecord::createdAt)
            .thenComparing(ApiTokenRecord::jti);

    private final ConcurrentMap<String, ApiTokenRecord> byJti = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryApiTokenStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void add(ApiTokenRecord record) {
        if (byJti.putIfAbsent(record.jti(), record) != null) {
            throw new IllegalStateException("jti " + record.jti() + " is recorded already");
        }
    }

    @Override
    public Optional<ApiTokenRecord> find(String jti) {
        return Optional.ofNullable(byJti.get(jti));
    }

    @Override
    public synchronized boolean revoke(String jti) {
        if (byJti.remove(jti) == null) {
            return false;
        }
        // As the database's foreign key does: the tokens it created go with it, and theirs.
        List<String> children = byJti.values().stream().filter(record -> record.parentJti().equals(Optional.of(jti)))
                .map(ApiTokenRecord::jti).toList();
        children.forEach(this::revoke);
        return true;
    }

    @Override
    public List<ApiTokenRecord> list() {
        return byJti.values().stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public List<ApiTokenRecord> listCreatedBy(long userId) {
        return byJti.values().stream().filter(record -> record.userId() == userId).sorted(OLDEST_FIRST).toList();
    }

    @Override
    public int purgeExpired() {
        Instant before = clock.instant().minus(PURGE_MARGIN);
        int[] purged = {0};
        byJti.values().removeIf(record -> {
            boolean expired = record.expiresAt().map(expiry -> expiry.isBefore(before)).orElse(false);
            if (expired) {
                purged[0]++;
            }
            return expired;
        });
        return purged[0];
    }
}
