package dev.xiqauth.server.login;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Throttles failed logins per username and per client address ({@link ThrottlePolicy}). The
 * username is counted whether or not it exists, so throttling tells nothing about which users exist.
 */
public final class LoginThrottle {
    private static final int MAX_IN_FLIGHT_PER_USERNAME = 1;

    private final LoginFailureStore failures;
    private final ThrottlePolicy perUsername;
    private final ThrottlePolicy perAddress;
    private final Clock clock;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    public LoginThrottle(LoginFailureStore failures, ThrottlePolicy perUsername, ThrottlePolicy perAddress,
            Clock clock) {
        this.failures = failures;
        this.perUsername = perUsername;
        this.perAddress = perAddress;
        this.clock = clock;
    }

    /**
     * Admits one login attempt at a time per username on this instance. The failure count is checked
     * before the hash and updated after it: without this, a burst of guesses sent the moment a wait
     * ends would all pass the check before any of their failures were counted. (Addresses get no such
     * limit: behind a proxy not configured as trusted, every user shares one address.)
     *
     * @return the admission, to close when the attempt is over
     * @throws ApiProblem {@code RATE_LIMITED} if another attempt for the same username is under way
     */
    public Admission admit(String username) {
        String userKey = userKey(username);
        if (!enter(userKey, MAX_IN_FLIGHT_PER_USERNAME)) {
            throw busy();
        }
        return () -> leave(userKey);
    }

    /** A login attempt under way; closing it lets the next one in. */
    @FunctionalInterface
    public interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    private boolean enter(String key, int limit) {
        boolean[] admitted = new boolean[1];
        inFlight.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < limit;
            return admitted[0] ? current + 1 : count;
        });
        return admitted[0];
    }

    private void leave(String key) {
        inFlight.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
    }

    private static ApiProblem busy() {
        return new ApiProblem(ErrorCode.RATE_LIMITED, Map.of("Retry-After", "1"),
                "another login attempt for this username is under way");
    }

    /**
     * @param clientKey the key the client is counted by ({@link LoginClient#key()})
     * @return how long this username or this client must still wait, if either must
     */
    public Optional<Duration> retryAfter(String username, String clientKey) {
        String userKey = userKey(username);
        String addressKey = addressKey(clientKey);
        Map<String, FailureCount> counts = failures.counts(List.of(userKey, addressKey));
        Instant now = clock.instant();
        Optional<Duration> user = Optional.ofNullable(counts.get(userKey)).flatMap(c -> perUsername.waitFor(c, now));
        Optional<Duration> address = Optional.ofNullable(counts.get(addressKey))
                .flatMap(c -> perAddress.waitFor(c, now));
        return Stream.of(user, address).flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    /** Counts a failed login against the username and the client's key. */
    public void failed(String username, String clientKey) {
        Instant now = clock.instant();
        Duration reset = Collections.min(List.of(perUsername.resetAfter(), perAddress.resetAfter()));
        failures.recordFailure(List.of(userKey(username), addressKey(clientKey)), now, now.minus(reset));
    }

    /** Forgets the username's failures: the real user got in. The address keeps its count. */
    public void succeeded(String username) {
        failures.reset(userKey(username));
    }

    /** Forgets counts that can no longer throttle anything, so the store stays bounded. */
    public int purge() {
        Duration longest = Collections.max(List.of(perUsername.resetAfter(), perAddress.resetAfter()));
        return failures.purgeOlderThan(clock.instant().minus(longest));
    }

    /** A digest: lower-casing can lengthen a name (İ becomes two characters), and keys have a fixed width. */
    private static String userKey(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "user:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String addressKey(String clientKey) {
        return "addr:" + clientKey;
    }
}
