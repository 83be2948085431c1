package dev.xiqauth.server.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import java.io.IOException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Issues and checks the JWT access tokens: HS256 (as XIQ's own tokens are), signed with the active
 * key of the {@link KeyRing} and checked with the key their {@code kid} names.
 *
 * <p>Checking follows RFC 8725: the algorithm must be on the allow-list (only HS256: never
 * {@code none}, never an asymmetric algorithm whose public key could be abused as an HMAC secret),
 * the {@code kid} must name a key of ours that is not retired, keys referenced by the token itself
 * ({@code jku}, {@code jwk}, {@code x5u}, {@code x5c}) are refused rather than fetched, unknown
 * {@code crit} headers are refused,
 * and {@code iss}, {@code exp} (which only an API token, {@code token_use: "api"}, may lack), {@code iat},
 * {@code nbf}, {@code jti} and {@code sub} are all checked
 * against an injected clock with a leeway of at most one minute.
 */
public final class AccessTokenService {
    private static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.HS256);
    private static final int JTI_BYTES = 16;

    private static final ObjectReader STRICT_JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).reader();
    private static final Pattern JTI = Pattern.compile("[0-9a-f]{32}");
    /** The claim that marks an API token; a login token has none. */
    static final String TOKEN_USE = "token_use";
    static final String API_TOKEN_USE = "api";
    /**
     * The claim of the generation of the user's credentials the token was issued at ({@link User#tokenGeneration}).
     * A token without it was issued before this claim existed, at generation 0, which every user then had.
     */
    static final String TOKEN_GENERATION = "token_generation";

    private final KeyRing keys;
    private final TokenSettings settings;
    private final String realm;
    private final Clock clock;
    private final SecureRandom random;

    public AccessTokenService(KeyRing keys, TokenSettings settings, String realm, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.settings = settings;
        this.realm = realm;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Issues a new token for a user who has just proven their password.
     *
     * @param user the user
     * @return the signed token and its facts
     */
    public IssuedToken issue(User user, RateLimitPolicy quota) {
        // JWT NumericDate has whole seconds: truncate so that iat and exp read back as written. A token is
        // never dated before the user's tokensValidAfter, or a login right after a password change would
        // yield a token refused at once.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant issuedAt = now.isBefore(user.tokensValidAfter()) ? user.tokensValidAfter() : now;
        Instant expiresAt = issuedAt.plus(settings.lifetime());
        String jti = newJti();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user.username())
                .claim("user_id", user.userId())
                .claim("role", user.role())
                .jwtID(jti)
                .issuer(settings.issuer())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim("quota", quota.toQuota())
                .claim(TOKEN_GENERATION, user.tokenGeneration());
        user.tenant().ifPresent(tenant -> addTenantClaims(claims, tenant));
        SigningKey key = keys.signingKey();
        return new IssuedToken(signed(claims, key), jti, (int) settings.lifetime().getSeconds(), expiresAt);
    }

    /**
     * Issues an API token. Its {@code scope} claim lists what it was granted, for whoever reads the token;
     * what it may do is decided by its record in the {@link ApiTokenStore}, which the caller writes.
     *
     * @param creator the user whose token asks for it
     * @param tokenGeneration the generation of the creator's credentials that the asking token carries: the new
     *     token dies with the asking one when a new password or disabling moves it on
     * @param permissions the permissions granted
     * @param expiresAt when it expires (whole seconds), or empty for never
     * @param quota its request quota
     * @return the signed token and its facts
     */
    public IssuedApiToken issueApiToken(User creator, long tokenGeneration, Set<String> permissions,
            Optional<Instant> expiresAt, RateLimitPolicy quota) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant issuedAt = now.isBefore(creator.tokensValidAfter()) ? creator.tokensValidAfter() : now;
        String jti = newJti();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(creator.username())
                .claim("user_id", creator.userId())
                .claim("role", creator.role())
                .jwtID(jti)
                .issuer(settings.issuer())
                .issueTime(Date.from(issuedAt))
                .claim("quota", quota.toQuota())
                .claim(TOKEN_GENERATION, tokenGeneration)
                .claim("scope", String.join(" ", new TreeSet<>(permissions)))
                .claim(TOKEN_USE, API_TOKEN_USE);
        expiresAt.ifPresent(expiry -> claims.expirationTime(Date.from(expiry.truncatedTo(ChronoUnit.SECONDS))));
        creator.tenant().ifPresent(tenant -> addTenantClaims(claims, tenant));
        SigningKey key = keys.signingKey();
        return new IssuedApiToken(signed(claims, key), jti, key.keyId(), issuedAt,
                expiresAt.map(expiry -> expiry.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static String signed(JWTClaimsSet.Builder claims, SigningKey key) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.keyId()).type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with a valid HS256 key failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Checks a presented token: its form, header, signature and claims. Revocation, and the
     * retirement of its key by another instance or an admin command since the keys were last loaded,
     * are not checked here: {@link TokenAuthenticator} asks the store.
     *
     * @param token the compact serialization from the {@code Authorization} header
     * @return its facts
     * @throws InvalidTokenException if it is not a token this server issued and still honours
     */
    public VerifiedToken verify(String token) {
        if (!CompactSerialization.isCanonical(token)) {
            throw invalid("not three canonical base64url segments");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("unparseable token");
        }
        Optional<JsonNode> headerParameters = strictlyParsed(jwt.getHeader().getParsedBase64URL());
        if (headerParameters.isEmpty() || strictlyParsed(jwt.getPayload().toBase64URL()).isEmpty()) {
            // Parsers disagree on which of two same-named claims wins: such a token is refused outright.
            throw invalid("duplicate header parameter or claim");
        }
        if (headerParameters.get().has("zip") || headerParameters.get().has("crit")) {
            // This server issues neither; an empty crit list, which JOSE libraries let pass, is itself
            // invalid (RFC 7515 section 4.1.11).
            throw invalid("zip or crit header parameter");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED_ALGORITHMS.contains(header.getAlgorithm())) {
            // The algorithm name is the attacker's text: it stays out of the log.
            throw invalid("algorithm not on the allow-list");
        }
        if (header.getJWKURL() != null || header.getJWK() != null || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            throw invalid("token names its own key");
        }
        SigningKey key = header.getKeyID() == null ? null : keys.verificationKey(header.getKeyID()).orElse(null);
        if (key == null) {
            throw invalid("unknown or retired key id");
        }
        try {
            if (!jwt.verify(key.verifier())) {
                throw invalid("bad signature");
            }
        } catch (JOSEException e) {
            throw invalid("signature cannot be checked");
        }
        return checkClaims(claims, key.keyId());
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims, String keyId) {
        Instant now = clock.instant();
        Instant latestAcceptedStart = now.plus(settings.clockSkew());
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw invalid("wrong issuer");
        }
        if (claims.getJWTID() == null || !JTI.matcher(claims.getJWTID()).matches()) {
            throw invalid("no jti of 32 hex digits");
        }
        Long userId;
        try {
            userId = claims.getLongClaim("user_id");
        } catch (ParseException e) {
            userId = null;
        }
        if (userId == null) {
            throw invalid("no user_id");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw invalid("no sub");
        }
        Object use = claims.getClaim(TOKEN_USE);
        TokenKind kind;
        if (use == null) {
            kind = TokenKind.LOGIN;
        } else if (API_TOKEN_USE.equals(use)) {
            kind = TokenKind.API;
        } else {
            throw invalid("a token_use this server does not issue");
        }
        if (claims.getExpirationTime() == null && kind == TokenKind.LOGIN) {
            throw invalid("no exp");
        }
        Optional<Instant> expiresAt = Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant);
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now.minus(settings.clockSkew()))) {
            throw invalid("expired");
        }
        if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(latestAcceptedStart)) {
            throw invalid("no iat, or iat in the future");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(latestAcceptedStart)) {
            throw invalid("not yet valid");
        }
        Object quota = claims.getClaim("quota");
        RateLimitPolicy policy = RateLimitPolicy.fromQuota(quota instanceof String text ? text : null)
                .orElseThrow(() -> invalid("no quota this server issues"));
        Object generation = claims.getClaim(TOKEN_GENERATION);
        long tokenGeneration;
        if (generation == null) {
            tokenGeneration = 0;
        } else if (generation instanceof Number number && number.longValue() >= 0
                && number.doubleValue() == number.longValue()) {
            tokenGeneration = number.longValue();
        } else {
            throw invalid("a token_generation that is not a whole number");
        }
        return new VerifiedToken(claims.getJWTID(), keyId, claims.getSubject(), userId, claims.getIssueTime().toInstant(),
                expiresAt, expiresAt.map(expiry -> expiry.plus(settings.clockSkew())), policy, kind, tokenGeneration);
    }

    /** @return the part as JSON, unless it is absent, not JSON, or names a member twice */
    private static Optional<JsonNode> strictlyParsed(Base64URL part) {
        if (part == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(STRICT_JSON.readTree(part.decode()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private InvalidTokenException invalid(String reason) {
        return new InvalidTokenException(realm, "invalid token: " + reason);
    }

    private String newJti() {
        byte[] bytes = new byte[JTI_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void addTenantClaims(JWTClaimsSet.Builder claims, TenantAttributes tenant) {
        claims.claim("customer_id", tenant.customerId())
                .claim("customer_mode", tenant.customerMode())
                .claim("hiq_enabled", tenant.hiqEnabled())
                .claim("owner_id", tenant.ownerId())
                .claim("org_id", tenant.orgId())
                .claim("data_center", tenant.dataCenter());
    }
}
