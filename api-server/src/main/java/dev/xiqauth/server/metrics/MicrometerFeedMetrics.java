package dev.xiqauth.server.metrics;

import dev.xiqauth.server.feed.Acknowledgements;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.ViewLeases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** The writers' waits for the views, and the views' lost leases, in a Micrometer registry (see the README). */
public final class MicrometerFeedMetrics implements FeedMetrics {
    private final LatencyTimers waits;
    private final Map<ViewLeases.Holder, Counter> leasesLost = new EnumMap<>(ViewLeases.Holder.class);

    /** Registers the lost leases' series at zero, so that alerts see them before the first. */
    public MicrometerFeedMetrics(MeterRegistry registry) {
        this.waits = new LatencyTimers(registry, "xiq.auth.feed.acknowledgement.wait", "How long a write that can "
                + "refuse a token waited for the views' acknowledgements, by whether a lease had to be waited out",
                "outcome");
        waits.register("acknowledged");
        waits.register("waited_out");
        for (ViewLeases.Holder holder : ViewLeases.Holder.values()) {
            leasesLost.put(holder, Counter.builder("xiq.auth.feed.leases.lost").tag("view", holder.name().toLowerCase())
                    .description("Views that stopped answering from memory because their lease could not be renewed")
                    .register(registry));
        }
    }

    @Override
    public void awaited(Acknowledgements.Outcome outcome) {
        waits.record(outcome.took().toNanos(), outcome.waitedOut() > 0 ? "waited_out" : "acknowledged");
    }

    @Override
    public void leaseLost(ViewLeases.Holder view) {
        leasesLost.get(view).increment();
    }
}
