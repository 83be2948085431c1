package dev.xiqauth.server.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The quota ledger of tests: exact, in this JVM's memory, shared by every limiter given it. */
public final class InMemoryQuotaLedger implements QuotaLedger {
    private record Window(String jti, long start, long end) {
    }

    private record Claimed(long end, long count) {
    }

    private final Map<Window, Claimed> windows = new ConcurrentHashMap<>();
    private final AtomicLong claims = new AtomicLong();

    @Override
    public Claim claim(String jti, long windowStartMillis, long windowMillis, long wanted, long limit) {
        claims.incrementAndGet();
        long[] granted = new long[1];
        Window key = new Window(jti, windowStartMillis, windowStartMillis + windowMillis);
        Claimed after = windows.compute(key, (window, before) -> {
            long count = before == null ? 0 : before.count();
            long raised = Math.max(count, Math.min(limit, count + wanted));
            granted[0] = raised - count;
            return new Claimed(windowStartMillis + windowMillis, raised);
        });
        return new Claim(granted[0], after.count());
    }

    @Override
    public int purgeEnded(long nowMillis) {
        int before = windows.size();
        windows.values().removeIf(claimed -> claimed.end() <= nowMillis);
        return before - windows.size();
    }

    /** @return how many claims were made, for tests of how rarely the ledger is asked */
    public long claims() {
        return claims.get();
    }
}
