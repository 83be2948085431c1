package dev.xiqauth.server.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How access tokens are issued and checked.
 *
 * @param issuer the {@code iss} of every token issued, and the only one accepted
 * @param lifetime how long a token is valid; XIQ's is one day
 * @param clockSkew how far the clocks of issuer and checker may disagree; RFC 8725 advises a small
 *     leeway, and it is at most one minute here
 */
public record TokenSettings(String issuer, Duration lifetime, Duration clockSkew) {
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);

    public TokenSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("the token issuer must not be blank");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the token lifetime must be positive and fit in expires_in, got "
                    + lifetime);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew must be between 0 and 60 seconds, got " + clockSkew);
        }
    }
}
