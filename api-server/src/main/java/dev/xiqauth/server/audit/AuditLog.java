package dev.xiqauth.server.audit;

import static dev.xiqauth.server.logging.LogText.sanitise;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per security event (login success, login failure, throttled login, logout, API
 * token generated or refused, token validation refused),
 * on its own logger {@value #LOGGER} so operators can route it apart from the server log. It holds
 * the outcome, the username (sanitised: control characters escaped, length capped), the client
 * address, the token's {@code jti} and the {@code error_id} where there are ones; never a password,
 * a token or a hash.
 */
public final class AuditLog {
    /** The logger the audit lines go to. */
    public static final String LOGGER = "xiq.audit";

    private final Logger log = LoggerFactory.getLogger(LOGGER);

    public void loginSucceeded(String username, String clientAddress, String jti) {
        log.info("event=login outcome=success username=\"{}\" client={} jti={}", sanitise(username),
                sanitise(clientAddress), jti);
    }

    public void loginFailed(String username, String clientAddress, String outcome, String errorId) {
        log.info("event=login outcome={} username=\"{}\" client={} error_id={}", outcome, sanitise(username),
                sanitise(clientAddress), errorId);
    }

    public void loggedOut(String username, String clientAddress, String jti) {
        log.info("event=logout outcome=success username=\"{}\" client={} jti={}", sanitise(username),
                sanitise(clientAddress), jti);
    }

    public void apiTokenGenerated(String username, String clientAddress, String jti, String creatorJti,
            String permissions) {
        log.info("event=apitoken outcome=success username=\"{}\" client={} jti={} creator_jti={} permissions=\"{}\"",
                sanitise(username), sanitise(clientAddress), jti, creatorJti, sanitise(permissions));
    }

    public void apiTokenRefused(String username, String clientAddress, String creatorJti, String errorId) {
        log.info("event=apitoken outcome=refused username=\"{}\" client={} creator_jti={} error_id={}",
                sanitise(username), sanitise(clientAddress), creatorJti, errorId);
    }

    public void validationRefused(String clientAddress, String outcome, String errorId) {
        log.info("event=validate outcome={} client={} error_id={}", outcome, sanitise(clientAddress), errorId);
    }
}
