package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import dev.xiqauth.server.http.ClientKeys;
import dev.xiqauth.server.login.ThrottlePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins are throttled (see {@code LoginThrottle}): a client that logged in as a user
 * lately is known for that user and has a budget of its own; every other client is a stranger to
 * that user, and shares the username's budget and its client key's.
 *
 * @param perUsername the policy of strangers' failures, counted per username
 * @param perAddress the policy of strangers' failures, counted per client key (an IPv4 address, or an IPv6 network)
 * @param perKnownClient the policy of a known client's own failures, counted per username and client key
 * @param knownClientFor how long after its last successful login a client stays known
 * @param ipv6PrefixLength how many leading bits of an IPv6 address name one client ({@link ClientKeys})
 */
public record ThrottleSettings(ThrottlePolicy perUsername, ThrottlePolicy perAddress, ThrottlePolicy perKnownClient,
        Duration knownClientFor, int ipv6PrefixLength) {
    /** How long a client stays known after a successful login, unless configured: a month, as "remember me". */
    public static final Duration DEFAULT_KNOWN_CLIENT_FOR = Duration.ofDays(30);

    public ThrottleSettings {
        Objects.requireNonNull(perUsername, "perUsername");
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perKnownClient, "perKnownClient");
        Objects.requireNonNull(knownClientFor, "knownClientFor");
        require(knownClientFor.compareTo(Duration.ofMinutes(1)) >= 0,
                "a client must stay known for at least a minute after it logs in, got " + knownClientFor);
        require(ipv6PrefixLength >= ClientKeys.MIN_IPV6_PREFIX_LENGTH
                && ipv6PrefixLength <= ClientKeys.MAX_IPV6_PREFIX_LENGTH, "--ipv6-prefix-length must be between "
                + ClientKeys.MIN_IPV6_PREFIX_LENGTH + " and " + ClientKeys.MAX_IPV6_PREFIX_LENGTH + ", got "
                + ipv6PrefixLength);
    }

    /**
     * @return {@link ThrottlePolicy#PER_USERNAME}, {@link ThrottlePolicy#PER_ADDRESS} and
     *     {@link ThrottlePolicy#PER_KNOWN_CLIENT}; clients known for 30 days; IPv6 clients counted by their /64
     */
    public static ThrottleSettings defaults() {
        return new ThrottleSettings(ThrottlePolicy.PER_USERNAME, ThrottlePolicy.PER_ADDRESS,
                ThrottlePolicy.PER_KNOWN_CLIENT, DEFAULT_KNOWN_CLIENT_FOR, ClientKeys.DEFAULT_IPV6_PREFIX_LENGTH);
    }

    /** @return these settings with the given policies */
    public ThrottleSettings withPolicies(ThrottlePolicy newPerUsername, ThrottlePolicy newPerAddress,
            ThrottlePolicy newPerKnownClient) {
        return new ThrottleSettings(newPerUsername, newPerAddress, newPerKnownClient, knownClientFor, ipv6PrefixLength);
    }

    /** @return these settings counting IPv6 clients by the given prefix */
    public ThrottleSettings withIpv6PrefixLength(int newIpv6PrefixLength) {
        return new ThrottleSettings(perUsername, perAddress, perKnownClient, knownClientFor, newIpv6PrefixLength);
    }
}
