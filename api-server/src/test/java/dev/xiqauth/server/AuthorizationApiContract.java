package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqCheckPermissionRequest;
import dev.xiqauth.api.model.XiqCheckPermissionResponse;
import dev.xiqauth.api.model.XiqGenerateApiTokenRequest;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqPermission;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.ApiResponse;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.client.api.AuthorizationApi;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.User;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * XIQ's Authorization API as a client sees it, driven through the generated Java client (and raw
 * requests where the client would not send something broken): API tokens, introspection, validation
 * and permissions. Subclasses run it on the in-memory container and over real HTTP.
 */
abstract class AuthorizationApiContract extends ApplicationTest {
    static final String OBSERVER = "olivia.observer@example.com";
    static final String OBSERVER_PASSWORD = "observer's own long passphrase";
    private static final String OBSERVER_HASH = TestServers.HASHER.hash(OBSERVER_PASSWORD);
    private static final PermissionCatalogue CATALOGUE = PermissionCatalogue.defaults();

    /** Set in {@link #application}, which JerseyTest calls before this class's initializers run. */
    private InMemoryUserDirectory users;

    @Override
    protected Application application(MutableClock testClock) {
        users = TestServers.users();
        users.put(new User(TestServers.USER_ID + 2, OBSERVER, OBSERVER_HASH, "Observer", Optional.empty(), true,
                Instant.EPOCH));
        return TestServers.application(testClock, users).build().resourceConfig();
    }

    private ApiClient apiClient(String bearerToken) {
        ApiClient client = new ApiClient();
        client.setHttpClient(client());
        client.setBasePath(target().getUri().toString().replaceAll("/$", ""));
        if (bearerToken != null) {
            client.setBearerToken(bearerToken);
        }
        return client;
    }

    private AuthorizationApi api(String bearerToken) {
        return new AuthorizationApi(apiClient(bearerToken));
    }

    private String tokenOf(String username, String password, XiqRateLimitPolicy quota) throws ApiException {
        return new AuthenticationApi(apiClient(null)).login(new XiqLoginRequest(username, password).rateLimit(quota))
                .getAccessToken();
    }

    private String adminToken() throws ApiException {
        return tokenOf(TestServers.USERNAME, TestServers.PASSWORD, null);
    }

    private String observerToken() throws ApiException {
        return tokenOf(OBSERVER, OBSERVER_PASSWORD, null);
    }

    private XiqGenerateApiTokenResponse generate(String caller, List<String> permissions, Long expireTime)
            throws ApiException {
        return api(caller).generateApiToken(new XiqGenerateApiTokenRequest(permissions).expireTime(expireTime)
                .description("nightly export"));
    }

    private long inSeconds(Duration duration) {
        return clock.instant().plus(duration).getEpochSecond();
    }

    private static void assertRefused(ApiException refusal, int status, String errorCode) {
        assertThat(refusal).as("a refusal").isNotNull();
        assertThat(refusal.getCode()).as(refusal.getResponseBody()).isEqualTo(status);
        assertThat(XiqErrors.of(refusal).orElseThrow().getErrorCode()).isEqualTo(errorCode);
    }

    private static ApiException refusalOf(ApiCall call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }

    @FunctionalInterface
    private interface ApiCall {
        void run() throws ApiException;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
    }

    @Test
    void generatedApiTokenIsRecordedUncacheableAndIntrospectsWithItsGrantedScopes() throws ApiException {
        long expireTime = inSeconds(Duration.ofHours(1));

        ApiResponse<XiqGenerateApiTokenResponse> generated = api(adminToken()).generateApiTokenWithHttpInfo(
                new XiqGenerateApiTokenRequest(List.of("device:read", "client:read", "device:read"))
                        .expireTime(expireTime).description("nightly export"));

        assertThat(generated.getStatusCode()).isEqualTo(200);
        assertThat(header(generated.getHeaders(), HttpHeaders.CACHE_CONTROL)).contains("no-store");
        XiqGenerateApiTokenResponse token = generated.getData();
        assertThat(token.getPermissions()).containsExactly("client:read", "device:read");
        assertThat(token.getCreatorId()).isEqualTo(TestServers.USER_ID);
        assertThat(token.getCustomerId()).isEqualTo(TestServers.TENANT.customerId());
        assertThat(token.getCreateTime().toInstant()).isEqualTo(TestServers.START);
        assertThat(token.getExpireTime().toInstant()).isEqualTo(Instant.ofEpochSecond(expireTime));
        assertThat(token.getDescription()).isEqualTo("nightly export");

        XiqApiTokenInfo info = api(token.getAccessToken()).getCurrentApiTokenInfo();
        assertThat(info.getUserName()).isEqualTo(TestServers.USERNAME);
        assertThat(info.getUserId()).isEqualTo(TestServers.USER_ID);
        assertThat(info.getRole()).isEqualTo("Administrator");
        assertThat(info.getScopes()).containsExactly("client:read", "device:read");
        assertThat(info.getExpiresIn()).isEqualTo(3600L);
        assertThat(info.getExpirationTime().toInstant()).isEqualTo(Instant.ofEpochSecond(expireTime));
        assertThat(info.getTokenUse()).isEqualTo(XiqApiTokenInfo.TokenUseEnum.API);
    }

    @Test
    void loginTokenIntrospectsWithItsRolesPermissionsAndTenant() throws ApiException {
        ApiResponse<XiqApiTokenInfo> response = api(adminToken()).getCurrentApiTokenInfoWithHttpInfo();

        XiqApiTokenInfo info = response.getData();
        assertThat(header(response.getHeaders(), HttpHeaders.CACHE_CONTROL)).contains("no-store");
        assertThat(info.getRole()).isEqualTo("Administrator");
        assertThat(info.getTokenUse()).isEqualTo(XiqApiTokenInfo.TokenUseEnum.LOGIN);
        assertThat(info.getScopes()).containsExactlyElementsOf(CATALOGUE.role("Administrator").orElseThrow()
                .sortedPermissions());
        assertThat(info.getOwnerId()).isEqualTo(TestServers.TENANT.ownerId());
        assertThat(info.getDataCenter()).isEqualTo(TestServers.TENANT.dataCenter());
        assertThat(info.getIssuedAt().toInstant()).isEqualTo(TestServers.START);
        assertThat(info.getExpiresIn()).isEqualTo(TestServers.LIFETIME.toSeconds());
        assertThat(header(response.getHeaders(), "RateLimit-Limit")).as("introspection counts against the quota")
                .isEqualTo("7500;w=3600");
    }

    @Test
    void introspectionWithoutATokenIs401WithABareChallengeAndWithARevokedOneIs401InvalidToken() throws ApiException {
        ApiException missing = refusalOf(() -> api(null).getCurrentApiTokenInfo());
        assertRefused(missing, 401, "UNAUTHENTICATED");
        assertThat(header(missing.getResponseHeaders(), HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"xiq\"");

        String token = adminToken();
        new AuthenticationApi(apiClient(token)).logout();
        ApiException revoked = refusalOf(() -> api(token).getCurrentApiTokenInfo());
        assertRefused(revoked, 401, "INVALID_TOKEN");
        assertThat(header(revoked.getResponseHeaders(), HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
    }

    @Test
    void apiTokenThatNeverExpiresOutlivesLoginTokensAndStaysRevocable() throws ApiException {
        XiqGenerateApiTokenResponse token = generate(adminToken(), List.of("device:read"), null);
        assertThat(token.getExpireTime()).isNull();

        clock.advance(Duration.ofDays(400));
        XiqApiTokenInfo info = api(token.getAccessToken()).getCurrentApiTokenInfo();
        assertThat(info.getExpirationTime()).isNull();
        assertThat(info.getExpiresIn()).isNull();

        new AuthenticationApi(apiClient(token.getAccessToken())).logout();
        assertRefused(refusalOf(() -> api(token.getAccessToken()).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
        assertRefused(refusalOf(() -> new AuthenticationApi(apiClient(token.getAccessToken())).logout()), 401,
                "INVALID_TOKEN");
    }

    @Test
    void apiTokenPastItsExpireTimeIsRefused() throws ApiException {
        XiqGenerateApiTokenResponse token = generate(adminToken(), List.of("device:read"),
                inSeconds(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));

        assertRefused(refusalOf(() -> api(token.getAccessToken()).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
    }

    @Test
    void aCallerWithoutApitokenCreateIsRefused403InsufficientScopeBeforeAnythingIsIssued() throws ApiException {
        ApiException refused = refusalOf(() -> generate(observerToken(), List.of("device:read"), null));

        assertRefused(refused, 403, "ACCESS_DENIED");
        assertThat(header(refused.getResponseHeaders(), HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"xiq\", error=\"insufficient_scope\", scope=\"apitoken:create\"");
    }

    @Test
    void grantingAPermissionTheCallerDoesNotHoldIs403AndAnUnknownOneIs400() throws ApiException {
        XiqGenerateApiTokenResponse parent = generate(adminToken(), List.of("apitoken:create", "device:read"), null);

        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:write"), null)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(adminToken(), List.of("device:fly"), null)), 400, "UNKNOWN_PERMISSION");
        XiqGenerateApiTokenResponse child = generate(parent.getAccessToken(), List.of("device:read"), null);
        assertThat(api(child.getAccessToken()).getCurrentApiTokenInfo().getScopes()).containsExactly("device:read");
    }

    @Test
    void anApiTokenThatExpiresCannotCreateOneThatOutlivesIt() throws ApiException {
        long parentExpiry = inSeconds(Duration.ofHours(1));
        XiqGenerateApiTokenResponse parent = generate(adminToken(), List.of("apitoken:create", "device:read"),
                parentExpiry);

        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:read"), parentExpiry + 1)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:read"), null)), 403,
                "ACCESS_DENIED");
        assertThat(generate(parent.getAccessToken(), List.of("device:read"), parentExpiry).getExpireTime().toInstant())
                .isEqualTo(Instant.ofEpochSecond(parentExpiry));
    }

    @Test
    void revokingAnApiTokenRevokesTheApiTokensItCreatedButNotItsCreatorsLoginToken() throws ApiException {
        String login = adminToken();
        XiqGenerateApiTokenResponse parent = generate(login, List.of("apitoken:create", "device:read"), null);
        XiqGenerateApiTokenResponse child = generate(parent.getAccessToken(), List.of("device:read"), null);
        XiqGenerateApiTokenResponse sibling = generate(login, List.of("device:read"), null);

        new AuthenticationApi(apiClient(parent.getAccessToken())).logout();

        assertRefused(refusalOf(() -> api(child.getAccessToken()).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
        assertThat(api(sibling.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).isEqualTo(200);
        assertThat(api(login).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    void anExpireTimeUnderFiveMinutesOrOverTenYearsAwayIs400() throws ApiException {
        String admin = adminToken();

        assertRefused(refusalOf(() -> generate(admin, List.of("device:read"), inSeconds(Duration.ofSeconds(299)))),
                400, "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> generate(admin, List.of("device:read"), inSeconds(Duration.ofDays(3651)))),
                400, "MALFORMED_REQUEST");
        assertThat(generate(admin, List.of("device:read"), inSeconds(Duration.ofSeconds(300)))).isNotNull();
    }

    @Test
    void bodiesOutOfTheContractAre400AndOtherMediaTypes415() throws ApiException, IOException {
        String admin = adminToken();
        for (String body : List.of("{}", "{\"permissions\":[]}", "{\"permissions\":\"device:read\"}",
                "{\"permissions\":[\"device:read\"],\"expire_time\":\"soon\"}",
                "{\"permissions\":[\"device:read\"],\"description\":\"" + "x".repeat(256) + "\"}",
                "{\"permissions\":[\"device:read\"],\"description\":\"line\\nbreak\"}",
                "{\"permissions\":[\"device:read\"],\"description\":\"\u202Etxe.exe\"}",
                "{\"permissions\":[null]}", "{\"permissions\":[\"device:read\"],\"rate_limit\":{\"hour\":0}}",
                "{\"permissions\":[\"device:read\"],\"rate_limit\":{\"hour\":10,\"second\":-1}}", "[", "")) {
            try (Response response = target("auth/apitoken").request()
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                    .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
                AuthenticationApiContract.assertXiqError(response, 400, "MALFORMED_REQUEST");
            }
        }
        for (String path : List.of("auth/apitoken", "auth/permissions/:check")) {
            try (Response response = target(path).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                    .post(Entity.entity("permissions=device:read", MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
                AuthenticationApiContract.assertXiqError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
            }
        }
    }

    @Test
    void anApiTokensQuotaIsCappedAndCountedLikeALoginTokens() throws ApiException {
        XiqGenerateApiTokenResponse token = api(adminToken()).generateApiToken(
                new XiqGenerateApiTokenRequest(List.of("device:read")).rateLimit(new XiqRateLimitPolicy(1L)));
        ApiResponse<XiqApiTokenInfo> first = api(token.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo();
        assertThat(header(first.getHeaders(), "RateLimit-Limit")).isEqualTo("1;w=3600");

        ApiException limited = refusalOf(() -> api(token.getAccessToken()).getCurrentApiTokenInfo());
        assertRefused(limited, 429, "RATE_LIMITED");
        assertThat(header(limited.getResponseHeaders(), "Retry-After")).isNotNull();

        XiqGenerateApiTokenResponse greedy = api(adminToken()).generateApiToken(
                new XiqGenerateApiTokenRequest(List.of("device:read")).rateLimit(new XiqRateLimitPolicy(1_000_000L)));
        assertThat(header(api(greedy.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo().getHeaders(),
                "RateLimit-Limit")).as("capped at the most a login may ask for").isEqualTo("7500;w=3600");
    }

    @Test
    void disablingOrChangingThePasswordOfTheCreatorRefusesItsApiTokensAtOnce() throws ApiException {
        String first = generate(adminToken(), List.of("device:read"), null).getAccessToken();
        clock.advance(Duration.ofSeconds(2));
        users.setEnabled(TestServers.USERNAME, false, clock.instant());
        assertRefused(refusalOf(() -> api(first).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");

        users.setEnabled(TestServers.USERNAME, true, clock.instant());
        clock.advance(Duration.ofSeconds(2));
        String second = generate(adminToken(), List.of("device:read"), null).getAccessToken();
        clock.advance(Duration.ofSeconds(2));
        users.changePassword(TestServers.USERNAME, TestServers.HASHER.hash(TestServers.PASSWORD), clock.instant());
        assertRefused(refusalOf(() -> api(second).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
    }

    @Test
    void anApiTokensScopesShrinkWithItsCreatorsRole() throws ApiException {
        String token = generate(adminToken(), List.of("device:read", "user:write"), null).getAccessToken();
        User admin = users.findByUsername(TestServers.USERNAME).orElseThrow();
        users.remove(admin.username());
        users.put(new User(admin.userId(), admin.username(), admin.passwordHash(), "Monitor", admin.tenant(), true,
                admin.tokensValidAfter()));

        XiqApiTokenInfo info = api(token).getCurrentApiTokenInfo();

        assertThat(info.getRole()).isEqualTo("Monitor");
        assertThat(info.getScopes()).containsExactly("device:read");
    }

    @Test
    void validateAnswers200ForAValidTokenAnd401ForAnythingElseWithoutSayingWhy() throws ApiException {
        String token = adminToken();
        ApiResponse<Void> valid = api(null).validateApiTokenWithHttpInfo(token);
        assertThat(valid.getStatusCode()).isEqualTo(200);

        String apiToken = generate(token, List.of("device:read"), null).getAccessToken();
        assertThat(api(null).validateApiTokenWithHttpInfo(apiToken).getStatusCode()).isEqualTo(200);

        new AuthenticationApi(apiClient(token)).logout();
        ApiException revoked = refusalOf(() -> api(null).validateApiToken(token));
        ApiException garbage = refusalOf(() -> api(null).validateApiToken("not.a.token"));
        ApiException blank = refusalOf(() -> api(null).validateApiToken(" "));
        for (ApiException refusal : List.of(revoked, garbage, blank)) {
            assertRefused(refusal, 401, "INVALID_TOKEN");
            assertThat(XiqErrors.of(refusal).orElseThrow().getErrorMessageDescription())
                    .isEqualTo(XiqErrors.of(revoked).orElseThrow().getErrorMessageDescription());
        }
    }

    @Test
    void validateTakesOnlyTextPlainAndCountsNothingAgainstTheValidatedTokensQuota() throws ApiException, IOException {
        String token = tokenOf(TestServers.USERNAME, TestServers.PASSWORD, new XiqRateLimitPolicy(1L));
        try (Response json = target("auth/apitoken/:validate").request()
                .post(Entity.entity("\"" + token + "\"", MediaType.APPLICATION_JSON_TYPE))) {
            AuthenticationApiContract.assertXiqError(json, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api(null).validateApiTokenWithHttpInfo(token).getStatusCode()).isEqualTo(200);
        }
        assertThat(api(token).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).isEqualTo(200);
        assertRefused(refusalOf(() -> api(token).getCurrentApiTokenInfo()), 429, "RATE_LIMITED");
    }

    @Test
    void validateReadsTheBareTokenAsXiqsSdkSendsItAndTheQuotedOneOfGeneratedJavaClients() throws ApiException {
        String token = adminToken();
        for (String body : List.of(token, token + "\r\n", "\"" + token + "\"")) {
            try (Response response = target("auth/apitoken/:validate").request()
                    .post(Entity.entity(body, MediaType.TEXT_PLAIN_TYPE))) {
                assertThat(response.getStatus()).as(body).isEqualTo(200);
            }
        }
        try (Response quotedTwice = target("auth/apitoken/:validate").request()
                .post(Entity.entity("\"\"" + token + "\"\"", MediaType.TEXT_PLAIN_TYPE))) {
            assertThat(quotedTwice.getStatus()).isEqualTo(401);
        }
    }

    @Test
    void generatedApiTokensAndRefusedValidationsAreAuditedWithoutATokenInTheLog() throws ApiException {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        Level level = auditLogger.getLevel();
        auditLogger.setLevel(Level.INFO);
        auditLogger.addAppender(audit);
        try {
            String admin = adminToken();
            XiqGenerateApiTokenResponse generated = generate(admin, List.of("device:read"), null);
            ApiException refused = refusalOf(() -> api(null).validateApiToken("not.a.token"));

            String errorId = XiqErrors.of(refused).orElseThrow().getErrorId();
            assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("event=apitoken outcome=success")
                            .contains("username=\"" + TestServers.USERNAME + "\"").contains("permissions=\"device:read\""))
                    .anySatisfy(line -> assertThat(line).startsWith("event=validate outcome=invalid")
                            .contains("error_id=" + errorId))
                    .noneSatisfy(line -> assertThat(line).contains(generated.getAccessToken()))
                    .noneSatisfy(line -> assertThat(line).contains(admin));
        } finally {
            auditLogger.detachAppender(audit);
            auditLogger.setLevel(level);
        }
    }

    @Test
    void listPermissionsAnswersTheTokensOwnPermissionsWithDescriptionsAndCategories() throws ApiException {
        List<XiqPermission> observer = api(observerToken()).listPermissions();
        assertThat(observer).extracting(XiqPermission::getName).containsExactlyInAnyOrderElementsOf(
                CATALOGUE.role("Observer").orElseThrow().permissions());
        assertThat(observer).allSatisfy(permission -> {
            assertThat(permission.getDescription()).isNotBlank();
            assertThat(permission.getCategory()).isNotBlank();
        });

        String narrow = generate(adminToken(), List.of("permission:read", "device:read"), null).getAccessToken();
        assertThat(api(narrow).listPermissions()).extracting(XiqPermission::getName)
                .containsExactlyInAnyOrder("permission:read", "device:read");

        String withoutRead = generate(adminToken(), List.of("device:read"), null).getAccessToken();
        assertRefused(refusalOf(() -> api(withoutRead).listPermissions()), 403, "ACCESS_DENIED");
    }

    @Test
    void checkPermissionsAnswersFromTheContractAndFromTheCatalogue() throws ApiException {
        AuthorizationApi api = api(observerToken());

        XiqCheckPermissionResponse generate = api.checkPermissions(new XiqCheckPermissionRequest("post",
                "/auth/apitoken"));
        assertThat(generate.getPermissions()).containsExactly("apitoken:create");
        assertThat(generate.getRoles()).containsExactly("Administrator", "Operator");

        XiqCheckPermissionResponse introspect = api.checkPermissions(new XiqCheckPermissionRequest("get",
                "https://api.example.com/auth/apitoken/info?x=1"));
        assertThat(introspect.getPermissions()).isEmpty();
        assertThat(introspect.getRoles()).hasSize(CATALOGUE.roles().size());

        assertThat(api.checkPermissions(new XiqCheckPermissionRequest("POST", "/auth/apitoken/%3Avalidate"))
                .getPermissions()).isEmpty();
        XiqCheckPermissionResponse device = api.checkPermissions(new XiqCheckPermissionRequest("GET", "/devices/42"));
        assertThat(device.getPermissions()).containsExactly("device:read");
        assertThat(device.getRoles()).contains("Observer", "Monitor").doesNotContain("GuestManagement");
    }

    @Test
    void checkPermissionsForAnUnknownOperationIs404AndForAMalformedOneIs400() throws ApiException {
        String observer = observerToken();

        assertRefused(refusalOf(() -> api(observer).checkPermissions(new XiqCheckPermissionRequest("GET", "/nowhere"))),
                404, "UNKNOWN_OPERATION");
        assertRefused(refusalOf(() -> api(observer).checkPermissions(new XiqCheckPermissionRequest("G E T", "/devices"))),
                400, "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> api(observer).checkPermissions(new XiqCheckPermissionRequest("GET", "devices"))),
                400, "MALFORMED_REQUEST");
        for (String routedElsewhere : List.of("/devices/%2e%2e", "/devices/..", "/devices/a%2Fb", "/devices/%2F",
                "/devices/..;/users", "/devices/42;x", "/devices/%00", "/devices/%5c42")) {
            assertRefused(refusalOf(() -> api(observer).checkPermissions(new XiqCheckPermissionRequest("GET",
                    routedElsewhere))), 400, "MALFORMED_REQUEST");
        }
        assertThat(api(observer).checkPermissions(new XiqCheckPermissionRequest("HEAD", "/auth/permissions"))
                .getPermissions()).as("HEAD is served by the GET method").containsExactly("permission:read");
        String withoutRead = generate(adminToken(), List.of("device:read"), null).getAccessToken();
        assertRefused(refusalOf(() -> api(withoutRead).checkPermissions(new XiqCheckPermissionRequest("GET",
                "/devices"))), 403, "ACCESS_DENIED");
    }

    @Test
    void everyAuthorizationOperationAnswers406ToAClientThatAcceptsNoJson() throws ApiException, IOException {
        String admin = adminToken();
        List<Response> responses = List.of(
                target("auth/apitoken").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .post(Entity.json("{\"permissions\":[\"device:read\"]}")),
                target("auth/apitoken/info").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .get(),
                target("auth/apitoken/:validate").request("text/html").post(Entity.text(admin)),
                target("auth/permissions").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .get(),
                target("auth/permissions/:check").request("text/html").header(HttpHeaders.AUTHORIZATION,
                        "Bearer " + admin).post(Entity.json("{\"method\":\"GET\",\"uri\":\"/devices\"}")));
        for (Response response : responses) {
            try (response) {
                AuthenticationApiContract.assertXiqError(response, 406, "NOT_ACCEPTABLE");
            }
        }
    }

    @Test
    void authorizationBodiesOverTheLimitAre413() throws ApiException, IOException {
        String admin = adminToken();
        String big = "x".repeat(64 * 1024 + 1);
        try (Response generate = target("auth/apitoken").request().header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .post(Entity.json("{\"permissions\":[\"device:read\"],\"description\":\"" + big + "\"}"));
                Response validate = target("auth/apitoken/:validate").request().post(Entity.text(big));
                Response check = target("auth/permissions/:check").request()
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .post(Entity.json("{\"method\":\"GET\",\"uri\":\"/" + big + "\"}"))) {
            AuthenticationApiContract.assertXiqError(generate, 413, "PAYLOAD_TOO_LARGE");
            AuthenticationApiContract.assertXiqError(validate, 413, "PAYLOAD_TOO_LARGE");
            AuthenticationApiContract.assertXiqError(check, 413, "PAYLOAD_TOO_LARGE");
        }
    }
}
