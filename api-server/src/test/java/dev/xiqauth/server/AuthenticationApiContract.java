package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.ApiResponse;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XIQ Authentication API as a client sees it, driven through the generated Java client (and raw
 * requests where the client would refuse to send something broken). Subclasses run it on the
 * in-memory container and over real HTTP.
 */
abstract class AuthenticationApiContract extends ApplicationTest {
    private static final ObjectMapper JSON_READER = new ObjectMapper();

    /** Set in {@link #application}, which JerseyTest calls before this class's initializers run. */
    private InMemoryUserDirectory users;

    @Override
    protected Application application(MutableClock testClock) {
        users = TestServers.users();
        return TestServers.application(testClock, users).build().resourceConfig();
    }

    private ApiClient apiClient() {
        ApiClient client = new ApiClient();
        client.setHttpClient(client());
        client.setBasePath(target().getUri().toString().replaceAll("/$", ""));
        return client;
    }

    private AuthenticationApi api() {
        return new AuthenticationApi(apiClient());
    }

    private AuthenticationApi api(String bearerToken) {
        ApiClient client = apiClient();
        client.setBearerToken(bearerToken);
        return new AuthenticationApi(client);
    }

    private String loginToken() throws ApiException {
        return api().login(new XiqLoginRequest(TestServers.USERNAME, TestServers.PASSWORD)).getAccessToken();
    }

    private static XiqError errorOf(ApiException exception) {
        return XiqErrors.of(exception).orElseThrow(() -> new AssertionError("no XiqError in " + exception));
    }

    private static String header(ApiException exception, String name) {
        return exception.getResponseHeaders().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst().orElse(null);
    }

    @Test
    void loginWithValidCredentialsReturnsBearerTokenThatCannotBeCached() throws ApiException {
        ApiResponse<XiqLoginResponse> response = api().loginWithHttpInfo(
                new XiqLoginRequest(TestServers.USERNAME, TestServers.PASSWORD));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getData().getTokenType()).isEqualTo("Bearer");
        assertThat(response.getData().getExpiresIn()).isEqualTo(86_400);
        assertThat(response.getHeaders().get("Cache-Control")).containsExactly(
                "no-cache, no-store, max-age=0, must-revalidate");
        assertThat(response.getHeaders().get("Pragma")).containsExactly("no-cache");
        assertThat(response.getHeaders().get("Content-Type")).containsExactly("application/json");
    }

    @Test
    void loginTokenCarriesTheUsersClaimsSignedWithHs256() throws ApiException, ParseException {
        SignedJWT jwt = SignedJWT.parse(loginToken());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(TestServers.KEY.keyId());
        assertThat(claims.getSubject()).isEqualTo(TestServers.USERNAME);
        assertThat(claims.getLongClaim("user_id")).isEqualTo(TestServers.USER_ID);
        assertThat(claims.getStringClaim("role")).isEqualTo("ADMINISTRATOR");
        assertThat(claims.getJWTID()).matches("[0-9a-f]{32}");
        assertThat(claims.getIssuer()).isEqualTo(TestServers.ISSUER);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(TestServers.START);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(TestServers.START.plus(TestServers.LIFETIME));
        assertThat(claims.getLongClaim("customer_id")).isEqualTo(TestServers.TENANT.customerId());
        assertThat(claims.getLongClaim("org_id")).isEqualTo(TestServers.TENANT.orgId());
        assertThat(claims.getLongClaim("owner_id")).isEqualTo(TestServers.TENANT.ownerId());
        assertThat(claims.getBooleanClaim("hiq_enabled")).isTrue();
        assertThat(claims.getStringClaim("data_center")).isEqualTo("US-EAST");
    }

    @Test
    void everyLoginIssuesATokenWithItsOwnJti() throws ApiException, ParseException {
        String first = SignedJWT.parse(loginToken()).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(loginToken()).getJWTClaimsSet().getJWTID();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void loginUsernameIsMatchedWithoutRegardToCase() throws ApiException {
        XiqLoginResponse response = api().login(
                new XiqLoginRequest(TestServers.USERNAME.toUpperCase(Locale.ROOT), TestServers.PASSWORD));

        assertThat(response.getAccessToken()).isNotBlank();
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledUserFailIdentically() {
        ApiException wrongPassword = catchThrowableOfType(ApiException.class,
                () -> api().login(new XiqLoginRequest(TestServers.USERNAME, "not the password")));
        ApiException unknownUser = catchThrowableOfType(ApiException.class,
                () -> api().login(new XiqLoginRequest("nobody@example.com", TestServers.PASSWORD)));
        ApiException disabledUser = catchThrowableOfType(ApiException.class,
                () -> api().login(new XiqLoginRequest(TestServers.DISABLED_USERNAME, TestServers.DISABLED_PASSWORD)));

        for (ApiException failure : new ApiException[] {wrongPassword, unknownUser, disabledUser}) {
            assertThat(failure.getCode()).isEqualTo(401);
            assertThat(errorOf(failure).getErrorCode()).isEqualTo("INVALID_CREDENTIALS");
            assertThat(header(failure, HttpHeaders.WWW_AUTHENTICATE)).isNull();
        }
        assertThat(withoutErrorId(unknownUser.getResponseBody())).isEqualTo(withoutErrorId(wrongPassword.getResponseBody()))
                .isEqualTo(withoutErrorId(disabledUser.getResponseBody()));
        assertThat(errorOf(unknownUser).getErrorId()).isNotEqualTo(errorOf(wrongPassword).getErrorId());
        assertThat(headersWithoutDate(unknownUser)).isEqualTo(headersWithoutDate(wrongPassword))
                .isEqualTo(headersWithoutDate(disabledUser));
    }

    /** The headers of a failure, but for Date, which may tick between two responses. */
    private static Map<String, List<String>> headersWithoutDate(ApiException failure) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(failure.getResponseHeaders());
        headers.remove(HttpHeaders.DATE);
        return headers;
    }

    private static JsonNode withoutErrorId(String body) {
        try {
            ObjectNode json =
                    (ObjectNode) JSON_READER.readTree(body);
            assertThat(json.get("error_id").asText()).matches("[0-9a-f]{32}");
            json.remove("error_id");
            return json;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static Stream<Arguments> malformedLoginBodies() {
        return Stream.of(
                Arguments.of("empty body", ""),
                Arguments.of("not JSON", "username=jane&password=secret"),
                Arguments.of("truncated JSON", "{\"username\":\"jane\",\"password\":"),
                Arguments.of("JSON array", "[]"),
                Arguments.of("JSON string", "\"jane\""),
                Arguments.of("empty object", "{}"),
                Arguments.of("missing password", "{\"username\":\"jane@example.com\"}"),
                Arguments.of("missing username", "{\"password\":\"secret\"}"),
                Arguments.of("null password", "{\"username\":\"jane@example.com\",\"password\":null}"),
                Arguments.of("null username", "{\"username\":null,\"password\":\"secret\"}"),
                Arguments.of("empty username", "{\"username\":\"\",\"password\":\"secret\"}"),
                Arguments.of("empty password", "{\"username\":\"jane@example.com\",\"password\":\"\"}"),
                Arguments.of("number as username", "{\"username\":12345,\"password\":\"secret\"}"),
                Arguments.of("boolean as password", "{\"username\":\"jane@example.com\",\"password\":true}"),
                Arguments.of("object as password", "{\"username\":\"jane@example.com\",\"password\":{\"a\":1}}"),
                Arguments.of("array as username", "{\"username\":[\"jane\"],\"password\":\"secret\"}"),
                Arguments.of("duplicate key", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"secret\"}"),
                Arguments.of("trailing content", "{\"username\":\"a\",\"password\":\"b\"} {}"),
                Arguments.of("string as rate limit", "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":\"7500\"}"),
                Arguments.of("rate limit without hour", "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":{}}"),
                Arguments.of("text as hour", "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":{\"hour\":\"10\"}}"),
                Arguments.of("fraction as hour", "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":{\"hour\":1.5}}"),
                Arguments.of("zero hour", "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":{\"hour\":0}}"),
                Arguments.of("negative second",
                        "{\"username\":\"a\",\"password\":\"b\",\"rate_limit\":{\"hour\":1,\"second\":-1}}"),
                Arguments.of("nesting deeper than 16", "{\"username\":\"a\",\"password\":\"b\",\"x\":"
                        + "[".repeat(17) + "]".repeat(17) + "}"),
                Arguments.of("username over 320 characters",
                        "{\"username\":\"" + "u".repeat(321) + "\",\"password\":\"secret\"}"),
                Arguments.of("password over 1024 characters",
                        "{\"username\":\"jane@example.com\",\"password\":\"" + "p".repeat(1025) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLoginBodies")
    void malformedLoginBodyIsRejectedWith400XiqError(String description, String body) throws IOException {
        try (Response response = target("login").request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertXiqError(response, 400, "MALFORMED_REQUEST");
        }
    }

    @Test
    void loginBodyThatIsNotUtf8Is400XiqError() throws IOException {
        byte[] body = {'{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"',
            ',', '"', 'p', 'a', 's', 's', 'w', 'o', 'r', 'd', '"', ':', '"', 'x', '"', '}'};
        try (Response response = target("login").request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertXiqError(response, 400, "MALFORMED_REQUEST");
        }
    }

    @Test
    void passwordOf128CharactersAndMoreIsAcceptedAndNeverTruncated() throws ApiException {
        String longPassword = "p".repeat(200);
        users.changePassword(TestServers.USERNAME, TestServers.HASHER.hash(longPassword), Instant.EPOCH);

        assertThat(api().login(new XiqLoginRequest(TestServers.USERNAME, longPassword)).getAccessToken()).isNotBlank();
        ApiException truncated = catchThrowableOfType(ApiException.class,
                () -> api().login(new XiqLoginRequest(TestServers.USERNAME, "p".repeat(128))));
        assertThat(truncated.getCode()).isEqualTo(401);
    }

    @Test
    void loginAcceptsUnknownFieldsAndARateLimitPolicy() throws IOException {
        String body = "{\"username\":\"" + TestServers.USERNAME + "\",\"password\":\"" + TestServers.PASSWORD
                + "\",\"client\":\"sdk\",\"rate_limit\":{\"hour\":100,\"second\":5}}";
        try (Response response = target("login").request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(JSON_READER.readTree(response.readEntity(String.class)).get("token_type").asText())
                    .isEqualTo("Bearer");
        }
    }

    @Test
    void loginWithAnotherContentTypeIs415XiqError() throws IOException {
        try (Response response = target("login").request()
                .post(Entity.entity("username=a&password=b", MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
            assertXiqError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void loginWithAWildcardContentTypeIs415XiqError() throws IOException {
        String body = "{\"username\":\"" + TestServers.USERNAME + "\",\"password\":\"" + TestServers.PASSWORD + "\"}";
        try (Response response = target("login").request().post(Entity.entity(body.getBytes(
                StandardCharsets.UTF_8), MediaType.WILDCARD_TYPE))) {
            assertXiqError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void loginBodyOverTheLimitIs413XiqErrorEvenWithTheRightPassword() throws IOException {
        String prefix = "{\"username\":\"" + TestServers.USERNAME + "\",\"password\":\"" + TestServers.PASSWORD
                + "\",\"padding\":\"";
        // One byte over the limit.
        String body = prefix + "x".repeat(64 * 1024 + 1 - prefix.length() - 2) + "\"}";
        try (Response response = target("login").request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertXiqError(response, 413, "PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void loginBodyOfExactlyTheLimitIsRead() throws IOException {
        String prefix = "{\"username\":\"" + TestServers.USERNAME + "\",\"password\":\"" + TestServers.PASSWORD
                + "\",\"padding\":\"";
        String body = prefix + "x".repeat(64 * 1024 - prefix.length() - 2) + "\"}";
        try (Response response = target("login").request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void logoutRevokesTheTokenAndASecondLogoutIsDenied() throws ApiException {
        String token = loginToken();

        ApiResponse<Void> first = api(token).logoutWithHttpInfo();
        ApiException second = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(second.getCode()).isEqualTo(401);
        assertThat(errorOf(second).getErrorCode()).isEqualTo("INVALID_TOKEN");
        assertThat(header(second, HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"xiq\", error=\"invalid_token\"");
    }

    @Test
    void passwordChangeRefusesTheUsersEarlierTokensAtOnceAndTheNewPasswordLogsIn() throws ApiException {
        String before = loginToken();
        clock.advance(Duration.ofSeconds(5));

        users.changePassword(TestServers.USERNAME, TestServers.HASHER.hash("a brand new passphrase"),
                clock.instant().plusSeconds(1));

        ApiException refused = catchThrowableOfType(ApiException.class, () -> api(before).logout());
        assertThat(refused.getCode()).isEqualTo(401);
        assertThat(errorOf(refused).getErrorCode()).isEqualTo("INVALID_TOKEN");
        String after = api().login(new XiqLoginRequest(TestServers.USERNAME, "a brand new passphrase")).getAccessToken();
        assertThat(api(after).logoutWithHttpInfo().getStatusCode()).as("a token issued right after the change")
                .isEqualTo(200);
    }

    @Test
    void disablingAUserRefusesItsTokensAtOnceAndEnablingDoesNotReviveThem() throws ApiException {
        String token = loginToken();

        users.setEnabled(TestServers.USERNAME, false, clock.instant().plusSeconds(1));
        ApiException whileDisabled = catchThrowableOfType(ApiException.class, () -> api(token).logout());
        users.setEnabled(TestServers.USERNAME, true, clock.instant().plusSeconds(1));
        ApiException afterEnabling = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(whileDisabled.getCode()).isEqualTo(401);
        assertThat(afterEnabling.getCode()).isEqualTo(401);
    }

    @Test
    void removedUsersTokensAreRefused() throws ApiException {
        String token = loginToken();

        users.remove(TestServers.USERNAME);

        assertThat(catchThrowableOfType(ApiException.class, () -> api(token).logout()).getCode()).isEqualTo(401);
    }

    @Test
    void logoutRevokesOnlyThePresentedToken() throws ApiException {
        String revoked = loginToken();
        String other = loginToken();

        api(revoked).logout();

        assertThat(api(other).logoutWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    void logoutWithoutTokenIs401WithABareBearerChallenge() {
        ApiException failure = catchThrowableOfType(ApiException.class, () -> api().logout());

        assertThat(failure.getCode()).isEqualTo(401);
        assertThat(errorOf(failure).getErrorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(header(failure, HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"xiq\"");
    }

    @Test
    void logoutWithAnotherAuthenticationSchemeIs401WithABareBearerChallenge() throws IOException {
        try (Response response = target("logout").request().header(HttpHeaders.AUTHORIZATION, "Basic amFuZTpzZWNyZXQ=")
                .post(null)) {
            assertXiqError(response, 401, "UNAUTHENTICATED");
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"xiq\"");
        }
    }

    static Stream<Arguments> authorizationHeadersWithoutABearerToken() {
        return Stream.of(
                Arguments.of("empty", "", 401, "UNAUTHENTICATED", "Bearer realm=\"xiq\""),
                Arguments.of("blank", "   ", 401, "UNAUTHENTICATED", "Bearer realm=\"xiq\""),
                Arguments.of("scheme only", "Bearer", 401, "INVALID_TOKEN", "Bearer realm=\"xiq\", error=\"invalid_token\""),
                Arguments.of("scheme and spaces", "Bearer    ", 401, "INVALID_TOKEN",
                        "Bearer realm=\"xiq\", error=\"invalid_token\""),
                Arguments.of("Digest", "Digest username=\"jane\"", 401, "UNAUTHENTICATED", "Bearer realm=\"xiq\""),
                Arguments.of("two credentials in one header", "Bearer a.b.c, Bearer d.e.f", 400, "MALFORMED_REQUEST",
                        "Bearer realm=\"xiq\", error=\"invalid_request\""),
                Arguments.of("token with a space", "Bearer a.b c", 401, "INVALID_TOKEN",
                        "Bearer realm=\"xiq\", error=\"invalid_token\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authorizationHeadersWithoutABearerToken")
    void authorizationHeaderWithoutAUsableTokenGetsTheRfc6750Answer(String description, String header, int status,
            String errorCode, String challenge) throws IOException {
        try (Response response = target("logout").request().header(HttpHeaders.AUTHORIZATION, header).post(null)) {
            assertXiqError(response, status, errorCode);
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(challenge);
        }
    }

    @Test
    void logoutAcceptsTheSchemeNameInAnyCase() throws ApiException, IOException {
        try (Response response = target("logout").request().header(HttpHeaders.AUTHORIZATION, "bearer " + loginToken())
                .post(null)) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void tokenPastItsExpiryIsDenied() throws ApiException {
        String token = loginToken();
        clock.advance(TestServers.LIFETIME.plus(Duration.ofSeconds(31)));

        ApiException failure = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(failure.getCode()).isEqualTo(401);
        assertThat(errorOf(failure).getErrorCode()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void tokenJustBeforeItsExpiryIsAccepted() throws ApiException {
        String token = loginToken();
        clock.advance(TestServers.LIFETIME.minus(Duration.ofSeconds(1)));

        assertThat(api(token).logoutWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    static Stream<Arguments> forgedTokens() {
        JWTClaimsSet valid = ForgedTokens.validClaims(TestServers.START).build();
        String genuine = ForgedTokens.sign(valid, TestServers.KEY, JWSAlgorithm.HS256);
        return Stream.of(
                Arguments.of("alg none", ForgedTokens.unsigned(valid, "none")),
                Arguments.of("alg None", ForgedTokens.unsigned(valid, "None")),
                Arguments.of("signed with another key",
                        ForgedTokens.sign(valid, TestServers.keyOf('x'), JWSAlgorithm.HS256)),
                Arguments.of("HS512 with our key", ForgedTokens.signHs512(valid, TestServers.KEY)),
                Arguments.of("payload tampered", ForgedTokens.withPayloadReplaced(genuine,
                        new JWTClaimsSet.Builder(valid).subject("admin").build())),
                Arguments.of("wrong issuer", ForgedTokens.sign(new JWTClaimsSet.Builder(valid)
                        .issuer("https://evil.example").build(), TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("no jti", ForgedTokens.sign(new JWTClaimsSet.Builder(valid).jwtID(null).build(),
                        TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("no exp", ForgedTokens.sign(new JWTClaimsSet.Builder(valid).expirationTime(null).build(),
                        TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("issued in the future", ForgedTokens.sign(ForgedTokens.validClaims(
                        TestServers.START.plus(Duration.ofMinutes(5))).build(), TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("expired", ForgedTokens.sign(ForgedTokens.validClaims(
                        TestServers.START.minus(Duration.ofDays(2))).build(), TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("two segments", genuine.substring(0, genuine.lastIndexOf('.'))),
                Arguments.of("not base64url", "!!!.@@@.###"),
                Arguments.of("random text", "definitely-not-a-jwt"),
                Arguments.of("RS256 header (HS/RS confusion)", ForgedTokens.withHeader(genuine,
                        "{\"alg\":\"RS256\",\"kid\":\"" + TestServers.KEY.keyId() + "\"}")),
                Arguments.of("ES256 with an all-zero signature", ForgedTokens.withHeader(genuine,
                        "{\"alg\":\"ES256\",\"kid\":\"" + TestServers.KEY.keyId() + "\"}").replaceAll("\\.[^.]*$",
                        "." + "A".repeat(86))),
                Arguments.of("duplicate sub claim", ForgedTokens.signRaw("{\"alg\":\"HS256\",\"kid\":\""
                        + TestServers.KEY.keyId() + "\"}", valid.toString().replaceFirst("\\{",
                        "{\"sub\":\"admin\","), TestServers.KEY)),
                Arguments.of("not yet valid", ForgedTokens.sign(new JWTClaimsSet.Builder(valid)
                        .notBeforeTime(Date.from(TestServers.START.plusSeconds(600))).build(), TestServers.KEY,
                        JWSAlgorithm.HS256)),
                Arguments.of("no quota", ForgedTokens.sign(new JWTClaimsSet.Builder(valid).claim("quota", null).build(),
                        TestServers.KEY, JWSAlgorithm.HS256)),
                Arguments.of("four segments", genuine + ".AAAA"),
                Arguments.of("text after the signature", genuine + "!!!"),
                Arguments.of("padded signature", genuine + "="),
                Arguments.of("text before the header", "~~~~" + genuine),
                Arguments.of("a star inside the signature", genuine.substring(0, genuine.length() - 5) + "*"
                        + genuine.substring(genuine.length() - 5)),
                Arguments.of("compressed payload", ForgedTokens.signRaw("{\"alg\":\"HS256\",\"kid\":\""
                        + TestServers.KEY.keyId() + "\",\"zip\":\"DEF\"}", valid.toString(), TestServers.KEY)),
                Arguments.of("empty crit list", ForgedTokens.signRaw("{\"alg\":\"HS256\",\"kid\":\""
                        + TestServers.KEY.keyId() + "\",\"crit\":[]}", valid.toString(), TestServers.KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedOrInvalidTokenIsDeniedWithInvalidToken(String description, String token) {
        ApiException failure = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(failure.getCode()).isEqualTo(401);
        assertThat(errorOf(failure).getErrorCode()).isEqualTo("INVALID_TOKEN");
        assertThat(header(failure, HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"xiq\", error=\"invalid_token\"");
    }

    @Test
    void genuineTokenMadeOutsideTheServerWithItsKeyIsAccepted() throws ApiException {
        // The control for forgedOrInvalidTokenIsDeniedWithInvalidToken: the same fixture, unaltered, passes.
        String genuine = ForgedTokens.sign(ForgedTokens.validClaims(TestServers.START).build(), TestServers.KEY,
                JWSAlgorithm.HS256);

        assertThat(api(genuine).logoutWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() throws ApiException, IOException {
        String token = loginToken();
        try (Response response = target("logout").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .post(null)) {
            assertXiqError(response, 400, "MALFORMED_REQUEST");
            assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer realm=\"xiq\", error=\"invalid_request\"");
        }
    }

    @Test
    void logoutWithJsonContentTypeAndNoBodyAsPostmanSendsItSucceeds() throws ApiException, IOException {
        Invocation.Builder request = target("logout").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + loginToken())
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        try (Response response = request.post(null)) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.hasEntity()).isFalse();
        }
    }

    @Test
    void unknownPathIs404XiqError() throws IOException {
        try (Response response = target("no/such/operation").request().post(Entity.json("{}"))) {
            assertXiqError(response, 404, "NOT_FOUND");
        }
    }

    @Test
    void wrongMethodIs405XiqErrorWithAllow() throws IOException {
        for (String path : new String[] {"login", "logout"}) {
            try (Response response = target(path).request().get()) {
                assertXiqError(response, 405, "METHOD_NOT_ALLOWED");
                assertThat(response.getHeaderString(HttpHeaders.ALLOW)).contains("POST");
            }
        }
    }

    @Test
    void optionsAnswersWithAllowAndNoPlainTextBody() {
        try (Response response = target("login").request().options()) {
            assertThat(response.getStatus()).isEqualTo(204);
            assertThat(response.getHeaderString(HttpHeaders.ALLOW)).contains("POST");
            assertThat(response.getMediaType()).isNull();
        }
    }

    @Test
    void everyResponseForbidsContentSniffing() throws ApiException {
        try (Response response = target("nothing-here").request().get()) {
            assertThat(response.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        ApiResponse<XiqLoginResponse> login = api().loginWithHttpInfo(
                new XiqLoginRequest(TestServers.USERNAME, TestServers.PASSWORD));
        assertThat(login.getHeaders().get("X-Content-Type-Options")).containsExactly("nosniff");
        ApiResponse<Void> logout = api(login.getData().getAccessToken()).logoutWithHttpInfo();
        assertThat(logout.getHeaders().get("X-Content-Type-Options")).containsExactly("nosniff");
    }

    @Test
    void errorIdsAreFreshForEveryError() {
        ApiException first = catchThrowableOfType(ApiException.class, () -> api().logout());
        ApiException second = catchThrowableOfType(ApiException.class, () -> api().logout());

        assertThat(errorOf(first).getErrorId()).isNotEqualTo(errorOf(second).getErrorId());
    }

    /** Asserts an error response: its status, a JSON {@code XiqError} body with the code, a fresh id. */
    static void assertXiqError(Response response, int status, String errorCode) throws IOException {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getHeaderString(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(response.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode body = JSON_READER.readTree(response.readEntity(String.class));
        XiqError error = JSON_READER.convertValue(body, XiqError.class);
        assertThat(error.getErrorCode()).isEqualTo(errorCode);
        assertThat(error.getErrorId()).matches("[0-9a-f]{32}");
        assertThat(error.getErrorMessage()).isNotBlank();
        assertThat(error.getErrorMessageDescription()).isNotBlank();
        assertThat(body.toString()).doesNotContain("Exception").doesNotContain("jackson").doesNotContain("at line");
    }
}
