package dev.xiqauth.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles failed logins per username and per client address ({@link ThrottlePolicy}). The
 * username is counted whether or not it exists, so throttling tells nothing about which users exist.
 */
public final class LoginThrottle {
    private final LoginFailureStore failures;
    private final ThrottlePolicy perUsername;
    private final ThrottlePolicy perAddress;
    private final Clock clock;

    public LoginThrottle(LoginFailureStore failures, ThrottlePolicy perUsername, ThrottlePolicy perAddress,
            Clock clock) {
        this.failures = failures;
        this.perUsername = perUsername;
        this.perAddress = perAddress;
        this.clock = clock;
    }

    /**
     * @return how long this username or this address must still wait, if either must
     */
    public Optional<Duration> retryAfter(String username, String clientAddress) {
        String userKey = userKey(username);
        String addressKey = addressKey(clientAddress);
        Map<String, FailureCount> counts = failures.counts(List.of(userKey, addressKey));
        Instant now = clock.instant();
        Optional<Duration> user = Optional.ofNullable(counts.get(userKey)).flatMap(c -> perUsername.waitFor(c, now));
        Optional<Duration> address = Optional.ofNullable(counts.get(addressKey))
                .flatMap(c -> perAddress.waitFor(c, now));
        if (user.isPresent() && address.isPresent()) {
            return Optional.of(user.get().compareTo(address.get()) >= 0 ? user.get() : address.get());
        }
        return user.isPresent() ? user : address;
    }

    /** Counts a failed login against the username and the address. */
    public void failed(String username, String clientAddress) {
        Instant now = clock.instant();
        Duration reset = perUsername.resetAfter().compareTo(perAddress.resetAfter()) <= 0 ? perUsername.resetAfter()
                : perAddress.resetAfter();
        failures.recordFailure(List.of(userKey(username), addressKey(clientAddress)), now, now.minus(reset));
    }

    /** Forgets the username's failures: the real user got in. The address keeps its count. */
    public void succeeded(String username) {
        failures.reset(userKey(username));
    }

    /** Forgets counts that can no longer throttle anything, so the store stays bounded. */
    public int purge() {
        Duration longest = perUsername.resetAfter().compareTo(perAddress.resetAfter()) >= 0 ? perUsername.resetAfter()
                : perAddress.resetAfter();
        return failures.purgeOlderThan(clock.instant().minus(longest));
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String clientAddress) {
        return "addr:" + clientAddress;
    }
}
