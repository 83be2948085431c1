package dev.xiqauth.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CachedReadinessTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicBoolean storeUp = new AtomicBoolean(true);
    private final CachedReadiness readiness = new CachedReadiness(() -> {
        probes.incrementAndGet();
        return storeUp.get();
    }, 1_000, now::get);

    @Test
    void asksTheStoreAtMostOncePerPeriod() {
        assertThat(readiness.ready()).isTrue();
        storeUp.set(false);
        now.set(999);
        assertThat(readiness.ready()).as("the answer of this period").isTrue();
        assertThat(probes).hasValue(1);

        now.set(1_000);
        assertThat(readiness.ready()).as("a new period asks again").isFalse();
        assertThat(probes).hasValue(2);
    }
}
