package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.ratelimit.ClientRateLimiter;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.ApiTokenStore.Recording;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.IssuedApiToken;
import dev.xiqauth.server.token.TokenKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates API tokens: checks what the caller asks for against what it holds, records the new token
 * (its {@code jti}, never the token) and only then hands it out.
 *
 * <p>The rules, none of which the caller can talk its way around:
 * <ul>
 *   <li>every permission must exist ({@code 400 UNKNOWN_PERMISSION}) and be covered by the calling token now
 *       ({@code 403}): every call it allows, the caller's permissions allow too (XIQ: "new tokens can only be
 *       granted permissions that the currently used token has"; a token holding {@code device} may grant
 *       {@code device:list}, whose one call its category permission allows);</li>
 *   <li>an expiry is at least {@value #MIN_LIFETIME_SECONDS} s and at most ten years away; an API token that
 *       expires cannot create one that outlives it ({@code 403});</li>
 *   <li>the quota is capped as a login's is;</li>
 *   <li>a user holds at most so many live API tokens ({@code 403 API_TOKEN_LIMIT}), and generates at most so many a
 *       second ({@code 429}): each new token brings a fresh quota, so no quota bounds how many one user can mint,
 *       and each, with its revocation, costs storage;</li>
 *   <li>a token whose user changed (a new password, disabled, removed) or whose parent API token was revoked
 *       while it was being made is never handed out: the caller gets the {@code 401} it would get a moment
 *       later ({@link ApiTokenStore#add} decides the race).</li>
 * </ul>
 */
public final class ApiTokenService {
    static final long MIN_LIFETIME_SECONDS = 300;
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);
    static final int MAX_PERMISSIONS = 100;
    static final int MAX_DESCRIPTION = 255;

    private final AccessTokenService tokens;
    private final ApiTokenStore store;
    private final PermissionCatalogue catalogue;
    private final RateLimitPolicy defaultQuota;
    private final RateLimitPolicy maxQuota;
    private final AuditLog audit;
    private final AuthMetrics metrics;
    private final Clock clock;
    private final int maxLivePerUser;
    private final ClientRateLimiter perUser;
    private final String realm;

    /**
     * @param catalogue the permissions that exist, and which cover which
     * @param defaultQuota the quota of a token that asks for none
     * @param maxQuota the most a token may ask for; more is capped to it
     * @param maxLivePerUser the most API tokens, not expired, that one user may hold
     * @param perUser what counts each user's generations against the limit per second, keyed by user id
     * @param realm the realm of the {@code 401} when the caller's token died while its new one was made
     */
    public ApiTokenService(AccessTokenService tokens, ApiTokenStore store, PermissionCatalogue catalogue,
            RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota, int maxLivePerUser, ClientRateLimiter perUser,
            String realm, AuditLog audit, AuthMetrics metrics, Clock clock) {
        if (maxLivePerUser < 1) {
            throw new IllegalArgumentException("maxLivePerUser must be at least 1, not " + maxLivePerUser);
        }
        this.maxLivePerUser = maxLivePerUser;
        this.perUser = perUser;
        this.realm = realm;
        this.tokens = tokens;
        this.store = store;
        this.catalogue = catalogue;
        this.defaultQuota = defaultQuota.cappedAt(maxQuota);
        this.maxQuota = maxQuota;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param caller the token that asks, with its scopes now
     * @param request what it asks for
     * @param clientAddress where the request comes from, for the audit log
     * @return the token, recorded
     * @throws ApiProblem {@code 400} for a request out of bounds or an unknown permission, {@code 403} for a
     *     permission or a lifetime the caller does not have, or a user at the limit of live API tokens
     * @throws InvalidTokenException if the caller's token stopped being valid while the new one was made
     */
    public GeneratedApiToken generate(AuthenticatedToken caller, ApiTokenRequest request, String clientAddress) {
        try {
            Set<String> permissions = grantable(caller, request);
            Optional<Instant> expiresAt = expiryOf(caller, request.expireTime());
            Optional<String> description = descriptionOf(request.description());
            RateLimitPolicy quota = request.quota().map(asked -> asked.cappedAt(maxQuota)).orElse(defaultQuota);

            if (!perUser.tryAcquire(Long.toString(caller.user().userId()))) {
                metrics.throttled("generateApiToken", "api_tokens_per_user");
                throw new ApiProblem(ErrorCode.RATE_LIMITED, Map.of("Retry-After", "1"), "user_id "
                        + caller.user().userId() + " generates API tokens faster than allowed");
            }
            long generation = caller.token().tokenGeneration();
            IssuedApiToken issued = tokens.issueApiToken(caller.user(), generation, permissions, expiresAt, quota);
            Optional<String> parent = caller.token().kind() == TokenKind.API ? Optional.of(caller.token().jti())
                    : Optional.empty();
            ApiTokenRecord record = new ApiTokenRecord(issued.jti(), caller.user().userId(), permissions, description,
                    issued.issuedAt(), issued.expiresAt(), parent);
            Recording recording = store.add(record, generation, maxLivePerUser);
            if (recording != Recording.ADDED) {
                throw refusal(recording, caller);
            }
            audit.apiTokenGenerated(caller.user().username(), clientAddress, issued.jti(), caller.token().jti(),
                    String.join(" ", record.sortedPermissions()));
            metrics.apiTokenGenerated();
            return new GeneratedApiToken(issued, record);
        } catch (ApiProblem refused) {
            audit.apiTokenRefused(caller.user().username(), clientAddress, caller.token().jti(), refused.errorId());
            throw refused;
        }
    }

    private ApiProblem refusal(Recording recording, AuthenticatedToken caller) {
        return switch (recording) {
            case USER_CHANGED -> new InvalidTokenException(realm, "invalid token: user_id " + caller.user().userId()
                    + " changed its credentials, was disabled or removed while jti " + caller.token().jti()
                    + " asked for an API token");
            case PARENT_REVOKED -> new InvalidTokenException(realm, "invalid token: API token jti "
                    + caller.token().jti() + " was revoked while it asked for an API token");
            case LIMIT_REACHED -> new ApiProblem(ErrorCode.API_TOKEN_LIMIT, "user_id " + caller.user().userId()
                    + " holds " + maxLivePerUser + " live API tokens, the most allowed");
            case ADDED -> throw new IllegalArgumentException("a recorded token is no refusal");
        };
    }

    private Set<String> grantable(AuthenticatedToken caller, ApiTokenRequest request) {
        if (request.permissions().isEmpty() || request.permissions().size() > MAX_PERMISSIONS) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "an API token needs 1 to " + MAX_PERMISSIONS
                    + " permissions, asked for " + request.permissions().size());
        }
        Set<String> permissions = new TreeSet<>();
        for (String name : request.permissions()) {
            if (name == null) {
                throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "a null permission name");
            }
            if (catalogue.permission(name).isEmpty()) {
                throw new ApiProblem(ErrorCode.UNKNOWN_PERMISSION, "unknown permission asked for");
            }
            permissions.add(name);
        }
        Set<String> notHeld = new TreeSet<>(permissions);
        notHeld.removeIf(name -> catalogue.covers(caller.scopes(), name));
        if (!notHeld.isEmpty()) {
            throw new ApiProblem(ErrorCode.ACCESS_DENIED, "user_id " + caller.user().userId()
                    + " asked to grant permissions its token does not cover: " + notHeld);
        }
        return permissions;
    }

    private Optional<Instant> expiryOf(AuthenticatedToken caller, Optional<Long> expireTime) {
        Optional<Instant> callerExpiry = caller.token().kind() == TokenKind.API ? caller.token().expiresAt()
                : Optional.empty();
        if (expireTime.isEmpty()) {
            if (callerExpiry.isPresent()) {
                throw new ApiProblem(ErrorCode.ACCESS_DENIED,
                        "an API token that expires asked for one that never does");
            }
            return Optional.empty();
        }
        Instant now = clock.instant();
        long seconds = expireTime.get();
        if (seconds < now.getEpochSecond() + MIN_LIFETIME_SECONDS || seconds > now.plus(MAX_LIFETIME).getEpochSecond()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "expire_time " + seconds
                    + " is less than " + MIN_LIFETIME_SECONDS + " s or more than ten years away");
        }
        Instant expiresAt = Instant.ofEpochSecond(seconds);
        if (callerExpiry.isPresent() && expiresAt.isAfter(callerExpiry.get())) {
            throw new ApiProblem(ErrorCode.ACCESS_DENIED, "an API token asked for one that outlives it");
        }
        return Optional.of(expiresAt);
    }

    private static Optional<String> descriptionOf(Optional<String> description) {
        if (description.isEmpty()) {
            return description;
        }
        String text = description.get();
        // Format characters (bidi overrides, zero-width joiners) would let a description spoof what
        // 'tokens list' shows, as control characters would break its lines.
        if (text.length() > MAX_DESCRIPTION || text.codePoints().anyMatch(
                point -> Character.isISOControl(point) || Character.getType(point) == Character.FORMAT)) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "description longer than " + MAX_DESCRIPTION
                    + " characters or holding control or format characters");
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
