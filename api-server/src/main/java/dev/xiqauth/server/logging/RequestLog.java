package dev.xiqauth.server.logging;

/**
 * Which requests get a line on the request log ({@code xiq.access}). Successful requests are logged
 * at {@code DEBUG} and the others at {@code INFO}, so each choice is simply that logger's level.
 */
public enum RequestLog {
    /** Every request: about 150 bytes for each, and a tenth of the throughput of a token check. */
    all("DEBUG"),
    /** Requests answered 4xx or 5xx: what an investigation starts from, at no cost while all goes well. */
    errors("INFO"),
    /** None; each error still has its line under its {@code error_id}. */
    off("OFF");

    private final String accessLoggerLevel;

    RequestLog(String accessLoggerLevel) {
        this.accessLoggerLevel = accessLoggerLevel;
    }

    /** @return the level of {@code xiq.access} that logs these requests */
    String accessLoggerLevel() {
        return accessLoggerLevel;
    }
}
