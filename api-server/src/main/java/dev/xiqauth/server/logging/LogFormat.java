package dev.xiqauth.server.logging;

/** How log lines are written ({@link ServerLogConfigurator}). */
public enum LogFormat {
    /** One human-readable line per event. */
    plain,
    /** One JSON object per line, for log shippers. */
    json
}
