package dev.xiqauth.server.login;

import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.IssuedToken;
import dev.xiqauth.server.user.DecoyHash;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.user.Usernames;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a username and password and issues an access token.
 *
 * <p>OWASP ASVS 2.2 and the login failure guidance: an unknown user, a disabled user and a wrong
 * password all fail with the same {@code INVALID_CREDENTIALS} answer, and all cost the same hash
 * work. An unknown user's password is checked against a decoy hash made with the parameters most
 * stored hashes have ({@link DecoyHash}), which are not the configured ones for a while after these
 * change, so the time taken does not tell whether the user exists.
 *
 * <p>Repeated failures are throttled ({@link LoginThrottle}): a client known for the username by
 * its own failures, any other by the username's and its address's. A throttled attempt is answered
 * 429 with {@code Retry-After} whether or not its password is right, so a wait never confirms a
 * guess, and it still costs the same hash work as any other attempt.
 *
 * <p>A hash made with weaker parameters than the configured ones is replaced on the next successful
 * login, while the password is at hand.
 */
public final class LoginService {
    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final AccessTokenService tokens;
    private final LoginThrottle throttle;
    private final RateLimitPolicy defaultQuota;
    private final RateLimitPolicy maxQuota;
    private final AuditLog audit;
    private final AuthMetrics metrics;
    private final DecoyHash decoy;

    /**
     * @param defaultQuota the quota of tokens whose login asks for none
     * @param maxQuota the most a login may ask for; more is capped to it
     * @param decoy what an unknown user's password is checked against
     */
    public LoginService(UserDirectory users, PasswordHasher hasher, AccessTokenService tokens, LoginThrottle throttle,
            RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota, AuditLog audit, AuthMetrics metrics,
            DecoyHash decoy) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.defaultQuota = defaultQuota.cappedAt(maxQuota);
        this.maxQuota = maxQuota;
        this.audit = audit;
        this.metrics = metrics;
        this.decoy = decoy;
    }

    /**
     * @param username the login name, in any case
     * @param password the password, compared in full
     * @param client where the attempt comes from: its address for the audit log, its key for the throttle
     * @param requestedQuota the quota the client asks for, if any
     * @return a new token for the user
     * @throws ApiProblem {@code INVALID_CREDENTIALS} for any failure, whatever its cause, or
     *     {@code RATE_LIMITED} while the client must wait
     */
    public IssuedToken login(String username, String password, LoginClient client,
            Optional<RateLimitPolicy> requestedQuota) {
        // A name is looked up in the form users add stores it. One that no user may have now (control, invisible or
        // mixed-script look-alike characters) is looked up as given, for the users stored before names were
        // checked, who can no longer be added: any other such name fails as an unknown user, at the same cost.
        Optional<String> name = storedFormOf(username);
        try (LoginThrottle.Attempt attempt = throttle.begin(name.orElse(username), client.key())) {
            Optional<Duration> throttled = attempt.retryAfter();
            // One read for a name in its stored form, found or not, so that the time does not tell which.
            Optional<User> found = name.flatMap(users::findByUsername)
                    .or(() -> name.equals(Optional.of(username)) ? Optional.empty() : users.findByUsername(username));
            boolean passwordMatches = verify(found.map(User::passwordHash).orElseGet(decoy::encoded), password);
            if (throttled.isPresent()) {
                long seconds = Math.max(1, (throttled.get().toMillis() + 999) / 1000);
                ApiProblem problem = new ApiProblem(ErrorCode.RATE_LIMITED, Map.of("Retry-After", Long.toString(seconds)),
                        "login throttled for " + seconds + " s");
                audit.loginFailed(username, client.address(), "throttled", problem.errorId());
                metrics.loginFailed("throttled");
                metrics.throttled("login", "login_failures");
                throw problem;
            }
            if (found.isEmpty()) {
                throw failed(attempt, username, client, "unknown user");
            }
            User user = found.get();
            if (!passwordMatches) {
                throw failed(attempt, username, client, "wrong password for user_id " + user.userId());
            }
            if (!user.enabled()) {
                throw failed(attempt, username, client, "disabled user_id " + user.userId());
            }
            // The hash took time: if the password changed or the user was disabled meanwhile, the old
            // password must not yield a token dated after the change. A change after this read is caught
            // all the same: the token carries the generation read with the hash it was checked against.
            Optional<User> current = users.findById(user.userId());
            // Every change that refuses tokens (a new password, disabling) moves the generation on.
            if (current.isEmpty() || !current.get().enabled() || current.get().tokenGeneration() != user.tokenGeneration()
                    || !current.get().passwordHash().equals(user.passwordHash())) {
                throw failed(attempt, username, client,
                        "user_id " + user.userId() + " changed during the login");
            }
            attempt.succeeded();
            if (hasher.needsRehash(user.passwordHash())) {
                users.upgradeHash(user.userId(), user.passwordHash(), hasher.hash(password));
            }
            IssuedToken token = tokens.issue(user,
                    requestedQuota.map(quota -> quota.cappedAt(maxQuota)).orElse(defaultQuota));
            audit.loginSucceeded(user.username(), client.address(), token.jti());
            metrics.loginSucceeded();
            return token;
        }
    }

    private static Optional<String> storedFormOf(String username) {
        try {
            return Optional.of(Usernames.normalised(username));
        } catch (IllegalArgumentException notAUsername) {
            return Optional.empty();
        }
    }

    private boolean verify(String encodedHash, String password) {
        try {
            return hasher.verify(encodedHash, password);
        } catch (ApiProblem e) {
            if (e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
                metrics.throttled("login", "hashing_busy");
            }
            throw e;
        }
    }

    private ApiProblem failed(LoginThrottle.Attempt attempt, String username, LoginClient client, String logDetail) {
        attempt.failed();
        ApiProblem problem = new ApiProblem(ErrorCode.INVALID_CREDENTIALS, "login failed: " + logDetail);
        audit.loginFailed(username, client.address(), "failure", problem.errorId());
        // One reason for every cause: metrics may be public, and must not tell which usernames exist.
        metrics.loginFailed("invalid_credentials");
        return problem;
    }
}
