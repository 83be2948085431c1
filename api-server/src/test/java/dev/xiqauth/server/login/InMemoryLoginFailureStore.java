package dev.xiqauth.server.login;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Failed-login counts in memory: for tests only. */
public final class InMemoryLoginFailureStore implements LoginFailureStore {
    private final Map<String, FailureCount> counts = new HashMap<>();

    @Override
    public synchronized Map<String, FailureCount> counts(Collection<String> keys) {
        Map<String, FailureCount> found = new HashMap<>();
        keys.forEach(key -> {
            if (counts.containsKey(key)) {
                found.put(key, counts.get(key));
            }
        });
        return found;
    }

    @Override
    public synchronized void recordFailure(Collection<String> keys, Instant at, Instant resetBefore) {
        keys.forEach(key -> counts.merge(key, new FailureCount(1, at), (old, one) -> old.lastFailure()
                .isBefore(resetBefore) ? one : new FailureCount(old.failures() + 1, at)));
    }

    @Override
    public synchronized void reset(String key) {
        counts.remove(key);
    }

    @Override
    public synchronized int purgeOlderThan(Instant before) {
        int size = counts.size();
        counts.values().removeIf(count -> count.lastFailure().isBefore(before));
        return size - counts.size();
    }
}
