package dev.xiqauth.server.ops;

/** Whether the server can serve requests now: what {@code GET /health/ready} reports. */
@FunctionalInterface
public interface ReadinessCheck {
    /** Always ready: for an application whose stores live in memory. */
    ReadinessCheck ALWAYS = () -> true;

    /** @return whether every store the server needs answers; must return within about a second */
    boolean ready();
}
