package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import dev.xiqauth.server.http.ClientKeys;
import dev.xiqauth.server.login.ThrottlePolicy;
import java.util.Objects;

/**
 * How failed logins are throttled.
 *
 * @param perUsername the policy of failures counted per username
 * @param perAddress the policy of failures counted per client key (an IPv4 address, or an IPv6 network)
 * @param ipv6PrefixLength how many leading bits of an IPv6 address name one client ({@link ClientKeys})
 */
public record ThrottleSettings(ThrottlePolicy perUsername, ThrottlePolicy perAddress, int ipv6PrefixLength) {

    public ThrottleSettings {
        Objects.requireNonNull(perUsername, "perUsername");
        Objects.requireNonNull(perAddress, "perAddress");
        require(ipv6PrefixLength >= ClientKeys.MIN_IPV6_PREFIX_LENGTH
                && ipv6PrefixLength <= ClientKeys.MAX_IPV6_PREFIX_LENGTH, "--ipv6-prefix-length must be between "
                + ClientKeys.MIN_IPV6_PREFIX_LENGTH + " and " + ClientKeys.MAX_IPV6_PREFIX_LENGTH + ", got "
                + ipv6PrefixLength);
    }

    /** @return {@link ThrottlePolicy#PER_USERNAME} and {@link ThrottlePolicy#PER_ADDRESS}, IPv6 clients by their /64 */
    public static ThrottleSettings defaults() {
        return new ThrottleSettings(ThrottlePolicy.PER_USERNAME, ThrottlePolicy.PER_ADDRESS,
                ClientKeys.DEFAULT_IPV6_PREFIX_LENGTH);
    }

    /** @return these settings with the given policies */
    public ThrottleSettings withPolicies(ThrottlePolicy newPerUsername, ThrottlePolicy newPerAddress) {
        return new ThrottleSettings(newPerUsername, newPerAddress, ipv6PrefixLength);
    }

    /** @return these settings counting IPv6 clients by the given prefix */
    public ThrottleSettings withIpv6PrefixLength(int newIpv6PrefixLength) {
        return new ThrottleSettings(perUsername, perAddress, newIpv6PrefixLength);
    }
}
