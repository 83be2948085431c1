package dev.xiqauth.server.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import java.io.IOException;
import java.security.SecureRandom;
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
    /** The one algorithm allowed: HS256, as this server signs. */
    private static final String ALLOWED_ALGORITHM = JWSAlgorithm.HS256.getName();
    private static final int JTI_BYTES = 16;

    private static final ObjectReader STRICT_JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern JTI = Pattern.compile("[0-9a-f]{32}");
    /** 9999-12-31T23:59:59Z: a later date is no date this server issues, and would overflow the leeway added to it. */
    private static final long LATEST_NUMERIC_DATE = 253_402_300_799L;
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
        CompactSerialization.Segments segments = CompactSerialization.decode(token)
                .orElseThrow(() -> invalid("not three canonical base64url segments"));
        // Parsers disagree on which of two same-named members wins: such a token is refused outright.
        JsonNode header = strictlyParsed(segments.header())
                .orElseThrow(() -> invalid("a header that is not one JSON object, or names a parameter twice"));
        if (header.has("zip") || header.has("crit")) {
            // This server issues neither; an empty crit list, which JOSE libraries let pass, is itself
            // invalid (RFC 7515 section 4.1.11).
            throw invalid("zip or crit header parameter");
        }
        if (!ALLOWED_ALGORITHM.equals(header.path("alg").textValue())) {
            // The algorithm name is the attacker's text: it stays out of the log.
            throw invalid("algorithm not on the allow-list");
        }
        if (header.has("jku") || header.has("jwk") || header.has("x5u") || header.has("x5c")) {
            throw invalid("token names its own key");
        }
        String keyId = header.path("kid").textValue();
        SigningKey key = keyId == null ? null : keys.verificationKey(keyId).orElse(null);
        if (key == null) {
            throw invalid("unknown or retired key id");
        }
        if (!key.verifies(segments.signingInput(), segments.signature())) {
            throw invalid("bad signature");
        }
        // Only signed claims are parsed: an attacker's payload costs no JSON parse.
        JsonNode claims = strictlyParsed(segments.payload())
                .orElseThrow(() -> invalid("claims that are not one JSON object, or name a claim twice"));
        return checkClaims(claims, key.keyId());
    }

    private VerifiedToken checkClaims(JsonNode claims, String keyId) {
        Instant now = clock.instant();
        Instant latestAcceptedStart = now.plus(settings.clockSkew());
        if (!settings.issuer().equals(claims.path("iss").textValue())) {
            throw invalid("wrong issuer");
        }
        String jti = claims.path("jti").textValue();
        if (jti == null || !JTI.matcher(jti).matches()) {
            throw invalid("no jti of 32 hex digits");
        }
        JsonNode userId = claims.path("user_id");
        if (!userId.isIntegralNumber() || !userId.canConvertToLong()) {
            throw invalid("no user_id");
        }
        String subject = claims.path("sub").textValue();
        if (subject == null || subject.isBlank()) {
            throw invalid("no sub");
        }
        JsonNode use = claims.get(TOKEN_USE);
        TokenKind kind;
        if (use == null) {
            kind = TokenKind.LOGIN;
        } else if (API_TOKEN_USE.equals(use.textValue())) {
            kind = TokenKind.API;
        } else {
            throw invalid("a token_use this server does not issue");
        }
        Optional<Instant> expiresAt = numericDate(claims, "exp");
        if (expiresAt.isEmpty() && kind == TokenKind.LOGIN) {
            throw invalid("no exp");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now.minus(settings.clockSkew()))) {
            throw invalid("expired");
        }
        Optional<Instant> issuedAt = numericDate(claims, "iat");
        if (issuedAt.isEmpty() || issuedAt.get().isAfter(latestAcceptedStart)) {
            throw invalid("no iat, or iat in the future");
        }
        Optional<Instant> notBefore = numericDate(claims, "nbf");
        if (notBefore.isPresent() && notBefore.get().isAfter(latestAcceptedStart)) {
            throw invalid("not yet valid");
        }
        RateLimitPolicy policy = RateLimitPolicy.fromQuota(claims.path("quota").textValue())
                .orElseThrow(() -> invalid("no quota this server issues"));
        JsonNode generation = claims.get(TOKEN_GENERATION);
        long tokenGeneration;
        if (generation == null) {
            tokenGeneration = 0;
        } else if (generation.isNumber() && generation.asLong() >= 0 && generation.asDouble() == generation.asLong()) {
            tokenGeneration = generation.asLong();
        } else {
            throw invalid("a token_generation that is not a whole number");
        }
        return new VerifiedToken(jti, keyId, subject, userId.longValue(), issuedAt.get(), expiresAt,
                expiresAt.map(expiry -> expiry.plus(settings.clockSkew())), policy, kind, tokenGeneration);
    }

    /** @return a NumericDate claim (RFC 7519, section 2: seconds, fractions dropped), if present */
    private Optional<Instant> numericDate(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        // A number no date can hold (JSON allows any) is a refusal, not a failure of the server.
        if (!value.isNumber() || !value.canConvertToLong() || value.asLong() < Instant.MIN.getEpochSecond()
                || value.asLong() > LATEST_NUMERIC_DATE) {
            throw invalid("a " + name + " that is not a NumericDate");
        }
        return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }

    /** @return the bytes as one JSON object, unless they are not JSON or name a member twice */
    private static Optional<JsonNode> strictlyParsed(byte[] json) {
        try {
            JsonNode node = STRICT_JSON.readTree(json);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
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
