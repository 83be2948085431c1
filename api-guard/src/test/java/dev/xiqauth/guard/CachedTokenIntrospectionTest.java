package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the cache keeps of a token: its digest as the key, never the token. */
final class CachedTokenIntrospectionTest {
    @Test
    void entriesAreKeyedByTheSha256OfTheTokenNotTheToken() throws ReflectiveOperationException {
        AtomicInteger asked = new AtomicInteger();
        XiqPrincipal jane = new XiqPrincipal("jane", 1, "OPERATOR", 0, "", List.of("device:r"), null, false);
        CachedTokenIntrospection cache = new CachedTokenIntrospection(token -> {
            asked.incrementAndGet();
            return new Introspection.Valid(jane);
        }, Duration.ofSeconds(30), 10, new MutableClock(Instant.parse("2026-11-28T10:00:00Z")));

        cache.introspect("abc");
        cache.introspect("abc");

        assertThat(asked).hasValue(1);
        Field entries = CachedTokenIntrospection.class.getDeclaredField("entries");
        entries.setAccessible(true);
        Map<?, ?> held = (Map<?, ?>) entries.get(cache);
        assertThat(held.keySet().stream().map(String::valueOf)).containsExactly(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
