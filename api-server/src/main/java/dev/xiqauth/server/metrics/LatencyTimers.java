package dev.xiqauth.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one latency histogram ({@link LatencyBuckets}), one per set of tag values, each registered
 * the first time its values are seen and found again by them after: recording on a hot path costs a map
 * look-up, not a builder, a copy of the buckets and the registry's own look-up. The tag values must come
 * from small sets (operations, methods, statuses), never from a client's text.
 */
public final class LatencyTimers {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final List<String> tagKeys;
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param registry where the timers are registered
     * @param name the histogram's name
     * @param description what it counts
     * @param tagKeys the names of its tags, in the order their values are given to {@link #record}
     */
    public LatencyTimers(MeterRegistry registry, String name, String description, String... tagKeys) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    /**
     * @param nanos how long it took
     * @param tagValues the value of each tag, in the order of the keys
     */
    public void record(long nanos, String... tagValues) {
        timers.computeIfAbsent(List.of(tagValues), this::register).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Registers the timer of these tag values before anything is recorded in it, so that its series exist from the
     * start (for alerts and dashboards that query them).
     *
     * @param tagValues the value of each tag, in the order of the keys
     */
    public void register(String... tagValues) {
        timers.computeIfAbsent(List.of(tagValues), this::register);
    }

    private Timer register(List<String> tagValues) {
        if (tagValues.size() != tagKeys.size()) {
            throw new IllegalArgumentException(name + " has the tags " + tagKeys + ", given " + tagValues);
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < tagKeys.size(); i++) {
            tags = tags.and(tagKeys.get(i), tagValues.get(i));
        }
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(LatencyBuckets.boundaries()).register(registry);
    }
}
