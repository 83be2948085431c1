package dev.xiqauth.server.token;

import dev.xiqauth.server.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongFunction;

/** API tokens held in memory: for tests only, since they are lost when the process ends. */
public final class InMemoryApiTokenStore implements ApiTokenStore {
    private static final Comparator<ApiTokenRecord> OLDEST_FIRST = Comparator.comparing(ApiTokenRecord::createdAt)
            .thenComparing(ApiTokenRecord::jti);

    private final ConcurrentMap<String, ApiTokenRecord> byJti = new ConcurrentHashMap<>();
    private final Clock clock;
    private final LongFunction<Optional<User>> users;

    /**
     * @param users the users by id, whose state an addition is checked against, as the database does
     */
    public InMemoryApiTokenStore(Clock clock, LongFunction<Optional<User>> users) {
        this.clock = clock;
        this.users = users;
    }

    @Override
    public synchronized Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
        Optional<User> user = users.apply(record.userId());
        if (user.isEmpty() || !user.get().enabled() || user.get().tokenGeneration() != tokenGeneration) {
            return Recording.USER_CHANGED;
        }
        if (record.parentJti().isPresent() && !byJti.containsKey(record.parentJti().get())) {
            return Recording.PARENT_REVOKED;
        }
        Instant now = clock.instant();
        long live = byJti.values().stream().filter(held -> held.userId() == record.userId()
                && held.expiresAt().map(expiry -> expiry.isAfter(now)).orElse(true)).count();
        if (live >= maxLivePerUser) {
            return Recording.LIMIT_REACHED;
        }
        if (byJti.putIfAbsent(record.jti(), record) != null) {
            throw new IllegalStateException("jti " + record.jti() + " is recorded already");
        }
        return Recording.ADDED;
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
