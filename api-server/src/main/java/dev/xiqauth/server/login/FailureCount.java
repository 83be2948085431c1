package dev.xiqauth.server.login;

import java.time.Instant;

/**
 * The failed logins counted against one throttling key.
 *
 * @param failures how many, since the count last started
 * @param lastFailure when the latest one happened
 */
public record FailureCount(int failures, Instant lastFailure) {
}
