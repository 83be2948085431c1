package dev.xiqauth.server.login;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Known clients in memory: for tests only. */
public final class InMemoryKnownClientStore implements KnownClientStore {
    private final Map<String, Instant> expiries = new HashMap<>();

    @Override
    public synchronized boolean isKnown(String marker, Instant now) {
        Instant until = expiries.get(marker);
        return until != null && until.getEpochSecond() > now.getEpochSecond();
    }

    @Override
    public synchronized void remember(String marker, Instant until) {
        Instant second = Instant.ofEpochSecond(until.getEpochSecond());
        expiries.merge(marker, second, (old, proposed) -> proposed.isAfter(old) ? proposed : old);
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        int size = expiries.size();
        expiries.values().removeIf(until -> until.getEpochSecond() <= now.getEpochSecond());
        return size - expiries.size();
    }
}
