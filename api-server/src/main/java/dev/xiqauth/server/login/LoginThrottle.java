package dev.xiqauth.server.login;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Throttles failed logins so that nobody can guess a password faster than the limits, and nobody
 * can lock its real user out by guessing. The scheme is OWASP's "device cookies" (clients that
 * proved they know the password are told apart from the rest), with the client key (an IPv4
 * address or an IPv6 network) in place of a cookie, since the clients are API clients; each budget
 * is a {@link ThrottlePolicy}, in the manner of Keycloak's brute-force detection.
 *
 * <ul>
 *   <li>A client that logged in successfully as a username within the known-client period is
 *       <em>known</em> for that username. It is throttled by its own failures on it alone, never by
 *       anyone else's: strangers' guessing cannot lock it out.</li>
 *   <li>Any other client is a <em>stranger</em> to the username. Strangers share one budget per
 *       username, whoever and wherever they are, so spreading guesses over addresses gains nothing,
 *       and one per client key, so spraying usernames from one place meets a limit too.</li>
 * </ul>
 *
 * <p>Only the right password makes a client known, and usernames that do not exist are counted as
 * existing ones are, so throttling tells nothing about which users exist. A successful login
 * forgets the client's own failures but not strangers' counts: otherwise every login of the real
 * user would hand an attacker a fresh budget. Counts and known clients are in the shared store.
 */
public final class LoginThrottle {
    private final LoginFailureStore failures;
    private final KnownClientStore knownClients;
    private final ThrottlePolicy perUsername;
    private final ThrottlePolicy perAddress;
    private final ThrottlePolicy perKnownClient;
    private final Duration knownClientFor;
    private final Clock clock;
    private final InFlightLogins inFlight = new InFlightLogins();

    /**
     * @param perUsername strangers' budget per username
     * @param perAddress strangers' budget per client key
     * @param perKnownClient a known client's own budget per username
     * @param knownClientFor how long after its last successful login a client stays known
     */
    public LoginThrottle(LoginFailureStore failures, KnownClientStore knownClients, ThrottlePolicy perUsername,
            ThrottlePolicy perAddress, ThrottlePolicy perKnownClient, Duration knownClientFor, Clock clock) {
        this.failures = Objects.requireNonNull(failures, "failures");
        this.knownClients = Objects.requireNonNull(knownClients, "knownClients");
        this.perUsername = Objects.requireNonNull(perUsername, "perUsername");
        this.perAddress = Objects.requireNonNull(perAddress, "perAddress");
        this.perKnownClient = Objects.requireNonNull(perKnownClient, "perKnownClient");
        this.knownClientFor = Objects.requireNonNull(knownClientFor, "knownClientFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Begins a login attempt: decides whether the client is known for the username, and admits one
     * attempt at a time per slot on this instance. Strangers share one slot per username; each known
     * client has its own, so strangers keeping theirs busy never hold a known client up. (Addresses
     * get no slot: behind a proxy not configured as trusted, every user shares one address.)
     *
     * @param username the login name, in any case
     * @param clientKey the key the client is counted by ({@link LoginClient#key()})
     * @return the attempt, to close when it is over
     * @throws ApiProblem {@code RATE_LIMITED} if another attempt of the same slot is under way
     */
    public Attempt begin(String username, String clientKey) {
        String marker = ThrottleKeys.knownClient(username, clientKey);
        boolean known = knownClients.isKnown(marker, clock.instant());
        String usernameKey = ThrottleKeys.username(username);
        String slot = known ? ThrottleKeys.knownClientFailures(marker) : usernameKey;
        if (!inFlight.enter(slot)) {
            throw new ApiProblem(ErrorCode.RATE_LIMITED, Map.of("Retry-After", "1"),
                    "another login attempt for this username is under way");
        }
        return new Attempt(known, marker, usernameKey, ThrottleKeys.address(clientKey), slot);
    }

    /** Forgets counts that can no longer throttle anything and expired known clients, so the store stays bounded. */
    public int purge() {
        Instant now = clock.instant();
        Duration longest = Collections.max(List.of(perUsername.resetAfter(), perAddress.resetAfter(),
                perKnownClient.resetAfter()));
        return failures.purgeOlderThan(now.minus(longest)) + knownClients.purgeExpired(now);
    }

    /** One login attempt under way; closing it lets the next one of its slot in. */
    public final class Attempt implements AutoCloseable {
        private final boolean known;
        private final String marker;
        private final String usernameKey;
        private final String addressKey;
        private final String slot;
        private boolean closed;

        private Attempt(boolean known, String marker, String usernameKey, String addressKey, String slot) {
            this.known = known;
            this.marker = marker;
            this.usernameKey = usernameKey;
            this.addressKey = addressKey;
            this.slot = slot;
        }

        /** @return how long the client must still wait before this username may be tried, if it must */
        public Optional<Duration> retryAfter() {
            Instant now = clock.instant();
            if (known) {
                String ownKey = ThrottleKeys.knownClientFailures(marker);
                return Optional.ofNullable(failures.counts(List.of(ownKey)).get(ownKey))
                        .flatMap(count -> perKnownClient.waitFor(count, now));
            }
            Map<String, FailureCount> counts = failures.counts(List.of(usernameKey, addressKey));
            Optional<Duration> user = Optional.ofNullable(counts.get(usernameKey))
                    .flatMap(count -> perUsername.waitFor(count, now));
            Optional<Duration> address = Optional.ofNullable(counts.get(addressKey))
                    .flatMap(count -> perAddress.waitFor(count, now));
            return Stream.of(user, address).flatMap(Optional::stream).max(Comparator.naturalOrder());
        }

        /** Counts the failure: against the known client alone, or against the username and the client key. */
        public void failed() {
            Instant now = clock.instant();
            if (known) {
                failures.recordFailure(List.of(ThrottleKeys.knownClientFailures(marker)), now,
                        now.minus(perKnownClient.resetAfter()));
            } else {
                // Each count resets after its own policy's period.
                failures.recordFailure(List.of(usernameKey), now, now.minus(perUsername.resetAfter()));
                failures.recordFailure(List.of(addressKey), now, now.minus(perAddress.resetAfter()));
            }
        }

        /** Makes (or keeps) the client known for the username and forgets its own failures; strangers' stay. */
        public void succeeded() {
            Instant now = clock.instant();
            knownClients.remember(marker, now.plus(knownClientFor));
            failures.reset(ThrottleKeys.knownClientFailures(marker));
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                inFlight.leave(slot);
            }
        }
    }
}
