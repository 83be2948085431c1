package dev.xiqauth.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.ForgedTokens;
import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.user.User;
import java.net.URI;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class AccessTokenServiceTest {
    private static final User JANE = new User(TestServers.USER_ID, TestServers.USERNAME, "hash", "ADMINISTRATOR",
            Optional.of(TestServers.TENANT), true, Instant.EPOCH);
    private static final User BOB = new User(2L, "bob", "hash", "OPERATOR", Optional.empty(), true, Instant.EPOCH);

    private final MutableClock clock = new MutableClock(TestServers.START);
    private final AccessTokenService tokens = new AccessTokenService(new StaticKeyRing(TestServers.KEY),
            new TokenSettings(TestServers.ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), "xiq", clock,
            new SecureRandom());

    @Test
    void issuedTokenVerifiesWithItsFacts() {
        IssuedToken issued = tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT);

        VerifiedToken verified = tokens.verify(issued.accessToken());

        assertThat(verified.jti()).isEqualTo(issued.jti()).matches("[0-9a-f]{32}");
        assertThat(verified.subject()).isEqualTo(TestServers.USERNAME);
        assertThat(verified.userId()).isEqualTo(TestServers.USER_ID);
        assertThat(verified.issuedAt()).isEqualTo(TestServers.START);
        assertThat(verified.expiresAt()).contains(TestServers.START.plus(Duration.ofHours(1)));
        assertThat(verified.acceptedUntil()).contains(TestServers.START.plus(Duration.ofHours(1)).plusSeconds(30));
        assertThat(verified.kind()).isEqualTo(TokenKind.LOGIN);
        assertThat(issued.expiresInSeconds()).isEqualTo(3600);
    }

    @Test
    void tokenIsNeverDatedBeforeTheUsersInvalidation() {
        Instant invalidated = TestServers.START.plusSeconds(1);
        User justChanged = new User(3L, "carol", "hash", "OPERATOR", Optional.empty(), true, invalidated);

        VerifiedToken verified = tokens.verify(tokens.issue(justChanged, RateLimitPolicy.XIQ_DEFAULT).accessToken());

        assertThat(verified.issuedAt()).isEqualTo(invalidated);
    }

    @Test
    void tokenWhoseJtiIsNotOursIsRefused() {
        JWTClaimsSet claims = ForgedTokens.validClaims(TestServers.START).jwtID("' OR 1=1 --").build();

        assertThatThrownBy(() -> tokens.verify(ForgedTokens.sign(claims, TestServers.KEY, JWSAlgorithm.HS256)))
                .hasMessageContaining("jti");
    }

    /**
     * A date claim that no date can hold (seconds past the year 1,000,000,000, which JSON's numbers allow) is a
     * refusal like any other bad claim, never a failure of the server.
     */
    @Test
    void tokenWhoseDatesNoDateCanHoldIsRefusedAsInvalid() {
        String header = "{\"kid\":\"" + TestServers.KEY.keyId() + "\",\"typ\":\"JWT\",\"alg\":\"HS256\"}";
        long issuedAt = TestServers.START.getEpochSecond();
        for (String claim : List.of("\"exp\":9000000000000000000", "\"exp\":31556889864403199",
                "\"nbf\":-9000000000000000000")) {
            String payload = "{\"sub\":\"" + TestServers.USERNAME + "\",\"user_id\":" + TestServers.USER_ID
                    + ",\"jti\":\"0123456789abcdef0123456789abcdef\",\"iss\":\"" + TestServers.ISSUER + "\",\"iat\":"
                    + issuedAt + ",\"quota\":\"7500;w=3600\"," + claim
                    + (claim.startsWith("\"exp") ? "" : ",\"exp\":" + (issuedAt + 3600)) + "}";

            assertThatThrownBy(() -> tokens.verify(ForgedTokens.signRaw(header, payload, TestServers.KEY)))
                    .as(claim).isInstanceOf(InvalidTokenException.class).hasMessageContaining("NumericDate");
        }
    }

    @Test
    void tokenWithoutUserIdIsRefused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(ForgedTokens.validClaims(TestServers.START).build())
                .claim("user_id", null).build();

        assertThatThrownBy(() -> tokens.verify(ForgedTokens.sign(claims, TestServers.KEY, JWSAlgorithm.HS256)))
                .hasMessageContaining("user_id");
    }

    @Test
    void tokenOfARetiredKeyIsRefused() {
        KeyRing withoutOldKey = new KeyRing() {
            @Override
            public SigningKey signingKey() {
                return TestServers.keyOf('n');
            }

            @Override
            public Optional<SigningKey> verificationKey(String keyId) {
                return Optional.empty();
            }
        };
        String oldToken = tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        AccessTokenService afterRetirement = new AccessTokenService(withoutOldKey,
                new TokenSettings(TestServers.ISSUER, Duration.ofHours(1), Duration.ofSeconds(30)), "xiq", clock,
                new SecureRandom());

        assertThatThrownBy(() -> afterRetirement.verify(oldToken)).hasMessageContaining("unknown or retired key");
    }

    @Test
    void tokenWithoutTenantCarriesNoTenantClaims() throws ParseException {
        JWTClaimsSet claims = SignedJWT.parse(tokens.issue(BOB, RateLimitPolicy.XIQ_DEFAULT).accessToken())
                .getJWTClaimsSet();

        assertThat(claims.getClaims()).containsOnlyKeys("sub", "user_id", "role", "jti", "iss", "iat", "exp", "quota",
                "token_generation");
    }

    @Test
    void tokenWithTenantCarriesXiqsTenantClaims() throws ParseException {
        JWTClaimsSet claims = SignedJWT.parse(tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken())
                .getJWTClaimsSet();

        assertThat(claims.getClaims()).containsKeys("customer_id", "customer_mode", "hiq_enabled", "owner_id", "org_id",
                "data_center");
    }

    @Test
    void tokenIsAcceptedWithinTheClockSkewAfterExpiryAndRefusedBeyondIt() {
        String token = tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken();

        clock.advance(Duration.ofHours(1).plusSeconds(29));
        assertThat(tokens.verify(token).subject()).isEqualTo(TestServers.USERNAME);

        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void tokenIssuedInTheFutureBeyondTheSkewIsRefused() {
        String token = tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        clock.advance(Duration.ofSeconds(-31));

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("iat");
    }

    @Test
    void tokenNotYetValidIsRefused() {
        JWTClaimsSet claims = ForgedTokens.validClaims(TestServers.START)
                .notBeforeTime(Date.from(TestServers.START.plusSeconds(120))).build();

        assertThatThrownBy(() -> tokens.verify(ForgedTokens.sign(claims, TestServers.KEY, JWSAlgorithm.HS256)))
                .hasMessageContaining("not yet valid");
    }

    @Test
    void tokenWithUnknownKeyIdIsRefused() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("other").build(),
                ForgedTokens.validClaims(TestServers.START).build());
        jwt.sign(new MACSigner(TestServers.KEY.secret()));

        assertThatThrownBy(() -> tokens.verify(jwt.serialize())).hasMessageContaining("unknown or retired key id");
    }

    @Test
    void tokenNamingItsOwnKeyIsRefusedWithoutFetchingIt() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestServers.KEY.keyId())
                .jwkURL(URI.create("https://attacker.example/jwks.json")).build(),
                ForgedTokens.validClaims(TestServers.START).build());
        jwt.sign(new MACSigner(TestServers.KEY.secret()));

        assertThatThrownBy(() -> tokens.verify(jwt.serialize())).hasMessageContaining("names its own key");
    }

    @Test
    void tokenEmbeddingAJwkIsRefusedEvenWhenSignedWithOurKey() throws JOSEException {
        // Signed with the server's own key, so only the header check can refuse it.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestServers.KEY.keyId())
                .jwk(new RSAKeyGenerator(2048).generate().toPublicJWK()).build(),
                ForgedTokens.validClaims(TestServers.START).build());
        jwt.sign(new MACSigner(TestServers.KEY.secret()));

        assertThatThrownBy(() -> tokens.verify(jwt.serialize())).hasMessageContaining("names its own key");
    }

    @Test
    void tokenWithAnUnknownCriticalHeaderIsRefused() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestServers.KEY.keyId())
                .criticalParams(Set.of("exp-v2")).customParam("exp-v2", 1).build(),
                ForgedTokens.validClaims(TestServers.START).build());
        jwt.sign(new MACSigner(TestServers.KEY.secret()));

        assertThatThrownBy(() -> tokens.verify(jwt.serialize())).hasMessageContaining("zip or crit");
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(ForgedTokens.validClaims(TestServers.START).build())
                .subject(null).build();

        assertThatThrownBy(() -> tokens.verify(ForgedTokens.sign(claims, TestServers.KEY, JWSAlgorithm.HS256)))
                .hasMessageContaining("no sub");
    }

    @Test
    void invalidTokenAnswersWithTheInvalidTokenChallenge() {
        InvalidTokenException failure = (InvalidTokenException) Assertions
                .catchThrowable(() -> tokens.verify("x.y.z"));

        assertThat(failure.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"xiq\", error=\"invalid_token\"");
    }

    @Test
    void keysShorterThan256BitsAreRefused() {
        assertThatThrownBy(() -> new SigningKey(new byte[31])).hasMessageContaining("256 bits");
    }

    @Test
    void keyIdIsDerivedFromTheKeySoInstancesSharingAKeyAgree() {
        assertThat(TestServers.keyOf('k').keyId()).isEqualTo(TestServers.KEY.keyId()).hasSize(16);
        assertThat(TestServers.keyOf('j').keyId()).isNotEqualTo(TestServers.KEY.keyId());
    }

    /** Spellings that lenient base64url decoders read as the same token. */
    static Stream<Arguments> otherSpellingsOfAValidToken() {
        return Stream.of(
                Arguments.of("text after the signature", (UnaryOperator<String>) token -> token + "!!!"),
                Arguments.of("a character outside the alphabet in the signature",
                        (UnaryOperator<String>) token -> insertInSignature(token, "*")),
                Arguments.of("a NUL in the signature", (UnaryOperator<String>) token -> insertInSignature(token, "\u0000")),
                Arguments.of("text before the header", (UnaryOperator<String>) token -> "~~~~" + token),
                Arguments.of("padding", (UnaryOperator<String>) token -> token + "="),
                Arguments.of("a last character whose unused bits are set",
                        (UnaryOperator<String>) AccessTokenServiceTest::withUnusedBitsSet),
                Arguments.of("a fourth segment", (UnaryOperator<String>) token -> token + ".e30"),
                Arguments.of("a space inside", (UnaryOperator<String>) token -> insertInSignature(token, " ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherSpellingsOfAValidToken")
    void onlyTheCanonicalSpellingOfATokenIsAccepted(String what, UnaryOperator<String> respell) {
        String token = tokens.issue(JANE, RateLimitPolicy.XIQ_DEFAULT).accessToken();
        String respelled = respell.apply(token);

        assertThat(respelled).isNotEqualTo(token);
        assertThat(tokens.verify(token).subject()).isEqualTo(TestServers.USERNAME);
        assertThatThrownBy(() -> tokens.verify(respelled)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not three canonical base64url segments");
    }

    @Test
    void aCompressedTokenIsRefusedEvenWhenSignedWithOurKey() {
        String token = ForgedTokens.signRaw("{\"alg\":\"HS256\",\"kid\":\"" + TestServers.KEY.keyId()
                + "\",\"zip\":\"DEF\"}", ForgedTokens.validClaims(TestServers.START).build().toString(), TestServers.KEY);

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("zip or crit");
    }

    @Test
    void anEmptyCriticalListIsRefusedEvenWhenSignedWithOurKey() {
        String token = ForgedTokens.signRaw("{\"alg\":\"HS256\",\"kid\":\"" + TestServers.KEY.keyId()
                + "\",\"crit\":[]}", ForgedTokens.validClaims(TestServers.START).build().toString(), TestServers.KEY);

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("zip or crit");
    }

    private static String insertInSignature(String token, String text) {
        int middle = token.lastIndexOf('.') + 10;
        return token.substring(0, middle) + text + token.substring(middle);
    }

    /** An HS256 signature is 43 characters: the last one carries 2 unused bits, here set to 1. */
    private static String withUnusedBitsSet(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        return token.substring(0, token.length() - 1) + alphabet.charAt(last | 1);
    }
}
