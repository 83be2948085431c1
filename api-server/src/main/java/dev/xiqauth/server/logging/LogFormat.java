package dev.xiqauth.server.logging;

/** How log lines are written: the name picks {@code logback-<name>.xml}. */
public enum LogFormat {
    /** One human-readable line per event. */
    plain,
    /** One JSON object per line, for log shippers. */
    json
}
