package dev.xiqauth.server.config;

import dev.xiqauth.server.login.ThrottlePolicy;
import java.util.Objects;

/**
 * How failed logins are throttled.
 *
 * @param perUsername the policy of failures counted per username
 * @param perAddress the policy of failures counted per client address
 */
public record ThrottleSettings(ThrottlePolicy perUsername, ThrottlePolicy perAddress) {

    public ThrottleSettings {
        Objects.requireNonNull(perUsername, "perUsername");
        Objects.requireNonNull(perAddress, "perAddress");
    }

    /** @return {@link ThrottlePolicy#PER_USERNAME} and {@link ThrottlePolicy#PER_ADDRESS} */
    public static ThrottleSettings defaults() {
        return new ThrottleSettings(ThrottlePolicy.PER_USERNAME, ThrottlePolicy.PER_ADDRESS);
    }
}
