package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.xiqauth.api.model.TokenIntrospection;
import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqCheckPermissionRequest;
import dev.xiqauth.api.model.XiqCheckPermissionResponse;
import dev.xiqauth.api.model.XiqGenerateApiTokenRequest;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqIntrospectionChange;
import dev.xiqauth.api.model.XiqIntrospectionChanges;
import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqPermission;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.ApiResponse;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.client.api.AuthorizationApi;
import dev.xiqauth.client.api.ChangesApi;
import dev.xiqauth.client.api.IntrospectionApi;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.permission.CatalogueEndpoint;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.XiqDocumentRows;
import dev.xiqauth.server.user.InMemoryUserDirectory;
import dev.xiqauth.server.user.User;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        users.put(new User(TestServers.USER_ID + 2, OBSERVER, OBSERVER_HASH, "OBSERVER", Optional.empty(), true,
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
                new XiqGenerateApiTokenRequest(List.of("device:r", "client:r", "auth:r", "device:r"))
                        .expireTime(expireTime).description("nightly export"));

        assertThat(generated.getStatusCode()).isEqualTo(200);
        assertThat(header(generated.getHeaders(), HttpHeaders.CACHE_CONTROL)).contains("no-store");
        XiqGenerateApiTokenResponse token = generated.getData();
        assertThat(token.getPermissions()).containsExactly("auth:r", "client:r", "device:r");
        assertThat(token.getCreatorId()).isEqualTo(TestServers.USER_ID);
        assertThat(token.getCustomerId()).isEqualTo(TestServers.TENANT.customerId());
        assertThat(token.getCreateTime().toInstant()).isEqualTo(TestServers.START);
        assertThat(token.getExpireTime().toInstant()).isEqualTo(Instant.ofEpochSecond(expireTime));
        assertThat(token.getDescription()).isEqualTo("nightly export");

        XiqApiTokenInfo info = api(token.getAccessToken()).getCurrentApiTokenInfo();
        assertThat(info.getUserName()).isEqualTo(TestServers.USERNAME);
        assertThat(info.getUserId()).isEqualTo(TestServers.USER_ID);
        assertThat(info.getRole()).isEqualTo("ADMINISTRATOR");
        assertThat(info.getScopes()).containsExactly("auth:r", "client:r", "device:r");
        assertThat(info.getExpiresIn()).isEqualTo(3600L);
        assertThat(info.getExpirationTime().toInstant()).isEqualTo(Instant.ofEpochSecond(expireTime));
        assertThat(info.getTokenUse()).isEqualTo(XiqApiTokenInfo.TokenUseEnum.API);
    }

    @Test
    void loginTokenIntrospectsWithItsRolesPermissionsAndTenant() throws ApiException {
        ApiResponse<XiqApiTokenInfo> response = api(adminToken()).getCurrentApiTokenInfoWithHttpInfo();

        XiqApiTokenInfo info = response.getData();
        assertThat(header(response.getHeaders(), HttpHeaders.CACHE_CONTROL)).contains("no-store");
        assertThat(info.getRole()).isEqualTo("ADMINISTRATOR");
        assertThat(info.getTokenUse()).isEqualTo(XiqApiTokenInfo.TokenUseEnum.LOGIN);
        assertThat(info.getScopes()).containsExactlyElementsOf(new TreeSet<>(CATALOGUE.permissionsOf("ADMINISTRATOR")));
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
        XiqGenerateApiTokenResponse token = generate(adminToken(), List.of("device:r", "auth:r", "logout"), null);
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
    void asInXiqATokenIntrospectsOrLogsOutOnlyWithThePermissionOrRoleThatAllowsIt() throws ApiException {
        XiqGenerateApiTokenResponse reader = generate(adminToken(), List.of("device:r"), null);

        assertRefused(refusalOf(() -> api(reader.getAccessToken()).getCurrentApiTokenInfo()), 403, "ACCESS_DENIED");
        assertRefused(refusalOf(() -> new AuthenticationApi(apiClient(reader.getAccessToken())).logout()), 403,
                "ACCESS_DENIED");
        assertThat(api(null).validateApiTokenWithHttpInfo(reader.getAccessToken()).getStatusCode())
                .as("a refused call revokes nothing").isEqualTo(200);

        XiqGenerateApiTokenResponse introspecting = generate(adminToken(), List.of("auth:r"), null);
        assertThat(api(introspecting.getAccessToken()).getCurrentApiTokenInfo().getScopes()).containsExactly("auth:r");

        users.put(new User(TestServers.USER_ID + 7, "desk@example.com", OBSERVER_HASH, "HELP_DESK", Optional.empty(),
                true, Instant.EPOCH));
        String helpDesk = tokenOf("desk@example.com", OBSERVER_PASSWORD, null);
        assertRefused(refusalOf(() -> api(helpDesk).getCurrentApiTokenInfo()), 403, "ACCESS_DENIED");
        new AuthenticationApi(apiClient(helpDesk)).logout();
        assertRefused(refusalOf(() -> api(helpDesk).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
    }

    @Test
    void xiqsPostmanCollectionGetsATokenForReadingTheAccountAndValidatesItAsItSendsIt() throws ApiException {
        // XIQ APIv2 25r5.postman_collection.json, folder "Authorization", "Generate new API token": its raw body.
        String body = "{\n  \"description\": \"Token for read account only\",\n  \"expire_time\": "
                + inSeconds(Duration.ofDays(30)) + ",\n  \"permissions\": [\n    \"account:r\"\n  ]\n}";
        String generated;
        try (Response response = target("auth/apitoken").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
            assertThat(response.getStatus()).isEqualTo(200);
            generated = response.readEntity(XiqGenerateApiTokenResponse.class).getAccessToken();
        }
        // "Validate JWT format API token": the token as the raw body, with the collection's text/plain header.
        try (Response response = target("auth/apitoken/:validate").request()
                .post(Entity.entity(generated, MediaType.TEXT_PLAIN_TYPE))) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        // "Check permissions": a full URL and a lower-case method.
        XiqCheckPermissionResponse check = api(adminToken()).checkPermissions(new XiqCheckPermissionRequest("get",
                "https://api.extremecloudiq.com/auth/apitoken/info"));
        assertThat(check.getPermissions()).extracting(XiqPermission::getName).containsExactly("auth", "auth:r");
    }

    private TokenIntrospection introspect(String serviceCredential, String token) throws ApiException {
        return new IntrospectionApi(apiClient(serviceCredential)).introspectToken(token, null);
    }

    @Test
    void aServiceIntrospectsItsCallersTokensWithItsOwnCredentialAndALogoutIsHonouredAtOnce() throws ApiException {
        String service = generate(adminToken(), List.of("token:introspect"), null).getAccessToken();
        String caller = observerToken();

        ApiResponse<TokenIntrospection> answered = new IntrospectionApi(apiClient(service))
                .introspectTokenWithHttpInfo(caller, "access_token");
        assertThat(header(answered.getHeaders(), HttpHeaders.CACHE_CONTROL)).contains("no-store");
        TokenIntrospection login = answered.getData();
        assertThat(login.getActive()).isTrue();
        assertThat(login.getSub()).isEqualTo(OBSERVER);
        assertThat(login.getUsername()).isEqualTo(OBSERVER);
        assertThat(login.getRole()).isEqualTo("OBSERVER");
        assertThat(login.getTokenType()).isEqualTo("Bearer");
        assertThat(login.getTokenUse()).isEqualTo(TokenIntrospection.TokenUseEnum.LOGIN);
        assertThat(login.getIss()).isEqualTo(TestServers.ISSUER);
        assertThat(login.getIat()).isEqualTo(TestServers.START.getEpochSecond());
        assertThat(login.getExp()).isEqualTo(TestServers.START.plus(TestServers.LIFETIME).getEpochSecond());
        assertThat(login.getScope().split(" ")).containsExactlyInAnyOrderElementsOf(
                CATALOGUE.permissionsOf("OBSERVER"));
        assertThat(login.getClientId()).isNull();
        assertThat(login.getOwnerId()).isZero();
        assertThat(login.getDataCenter()).isEmpty();
        TokenIntrospection tenant = introspect(service, adminToken());
        assertThat(tenant.getOwnerId()).isEqualTo(TestServers.TENANT.ownerId());
        assertThat(tenant.getDataCenter()).isEqualTo(TestServers.TENANT.dataCenter());

        XiqGenerateApiTokenResponse job = generate(adminToken(), List.of("device:r"), null);
        TokenIntrospection apiToken = introspect(service, job.getAccessToken());
        assertThat(apiToken.getActive()).isTrue();
        assertThat(apiToken.getScope()).isEqualTo("device:r");
        assertThat(apiToken.getTokenUse()).isEqualTo(TokenIntrospection.TokenUseEnum.API);
        assertThat(apiToken.getClientId()).isEqualTo(apiToken.getJti()).isNotBlank();
        assertThat(apiToken.getExp()).as("it never expires").isNull();

        new AuthenticationApi(apiClient(caller)).logout();
        for (String refused : List.of(caller, "not.a.token", "", " ", "x".repeat(9000))) {
            TokenIntrospection inactive = introspect(service, refused);
            assertThat(inactive.getActive()).as("inactive, and nothing more").isFalse();
            assertThat(inactive.getSub()).isNull();
            assertThat(inactive.getScope()).isNull();
        }
    }

    @Test
    void onlyACredentialHoldingTokenIntrospectMayIntrospectNeverTheTokenBeingChecked() throws ApiException,
            IOException {
        String caller = observerToken();

        assertRefused(refusalOf(() -> introspect(null, caller)), 401, "UNAUTHENTICATED");
        assertRefused(refusalOf(() -> introspect(caller, caller)), 403, "ACCESS_DENIED");
        String reader = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        assertRefused(refusalOf(() -> introspect(reader, reader)), 403, "ACCESS_DENIED");
        assertThat(introspect(adminToken(), caller).getActive()).as("an administrator's role may").isTrue();
        try (Response missing = target("oauth2/introspect").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
                .post(Entity.form(new Form("token_type_hint", "access_token")))) {
            AuthenticationApiContract.assertXiqError(missing, 400, "MALFORMED_REQUEST");
        }
        try (Response json = target("oauth2/introspect").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
                .post(Entity.json("{\"token\":\"" + caller + "\"}"))) {
            AuthenticationApiContract.assertXiqError(json, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void aServiceFollowsWhatChangesIntrospectionAnswersUnderALeaseAndALogoutWaitsForItsAcknowledgement()
            throws Exception {
        String service = generate(adminToken(), List.of("token:introspect"), null).getAccessToken();
        ChangesApi changes = new ChangesApi(apiClient(service));
        String view = "guard-0123456789abcdef";
        XiqIntrospectionChanges start = changes.followIntrospectionChanges(view, null, null);
        assertThat(start.getReset()).as("a new guard starts from now, with nothing held").isTrue();
        assertThat(start.getLeaseMs()).isEqualTo(4_000);
        assertThat(start.getChanges()).isEmpty();

        String caller = observerToken();
        ApiResponse<TokenIntrospection> answered = new IntrospectionApi(apiClient(service))
                .introspectTokenWithHttpInfo(caller, null);
        assertThat(header(answered.getHeaders(), "Xiq-Change-Epoch")).isEqualTo(start.getEpoch());
        assertThat(Long.parseLong(header(answered.getHeaders(), "Xiq-Change-Position")))
                .isGreaterThanOrEqualTo(start.getPosition());
        String jti = answered.getData().getJti();
        XiqIntrospectionChanges otherEpoch = changes.followIntrospectionChanges(view, "another-epoch", 3L);
        assertThat(otherEpoch.getReset()).as("a guard of another run starts again").isTrue();
        if (!answersAsynchronously()) {
            return; // the question that waits for a change is asked of the production container (Jetty) only
        }
        XiqIntrospectionChanges again = changes.followIntrospectionChanges(view, null, null);

        // The logout waits for this guard, which holds a lease: it asks for the change, and then acknowledges it.
        CompletableFuture<Void> logout = CompletableFuture.runAsync(() -> {
            try {
                new AuthenticationApi(apiClient(caller)).logout();
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        XiqIntrospectionChanges revoked = changes.followIntrospectionChanges(view, again.getEpoch(),
                again.getPosition());
        assertThat(revoked.getReset()).isFalse();
        assertThat(revoked.getChanges()).anySatisfy(change -> {
            assertThat(change.getKind()).isEqualTo(XiqIntrospectionChange.KindEnum.REVOKED);
            assertThat(change.getJti()).isEqualTo(jti);
        });
        assertThat(logout).as("not answered before the guard acknowledges").isNotDone();
        CompletableFuture<XiqIntrospectionChanges> acknowledged = CompletableFuture.supplyAsync(() -> {
            try {
                return changes.followIntrospectionChanges(view, revoked.getEpoch(), revoked.getPosition());
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        logout.get(2, TimeUnit.SECONDS);
        assertThat(acknowledged.get(5, TimeUnit.SECONDS).getChanges()).isEmpty();
    }

    /**
     * @return whether the container can answer a request after its resource method returned (a question that waits
     *     for a change): Jetty's can, Jersey's in-memory test container cannot suspend a request
     */
    protected boolean answersAsynchronously() {
        return true;
    }

    @Test
    void onlyACredentialHoldingTokenIntrospectFollowsTheChangesAndMalformedQuestionsAre400() throws ApiException {
        String reader = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        String service = generate(adminToken(), List.of("token:introspect"), null).getAccessToken();
        String view = "guard-0123456789abcdef";

        assertRefused(refusalOf(() -> new ChangesApi(apiClient(null)).followIntrospectionChanges(view, null, null)),
                401, "UNAUTHENTICATED");
        assertRefused(refusalOf(() -> new ChangesApi(apiClient(reader)).followIntrospectionChanges(view, null, null)),
                403, "ACCESS_DENIED");
        assertRefused(refusalOf(() -> new ChangesApi(apiClient(observerToken()))
                .followIntrospectionChanges(view, null, null)), 403, "ACCESS_DENIED");
        ChangesApi changes = new ChangesApi(apiClient(service));
        assertRefused(refusalOf(() -> changes.followIntrospectionChanges("short", null, null)), 400,
                "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> changes.followIntrospectionChanges(view + "!", null, null)), 400,
                "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> changes.followIntrospectionChanges(view, "an epoch", null)), 400,
                "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> changes.followIntrospectionChanges(view, "store", -1L)), 400,
                "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> new ChangesApi(apiClient(reader)).stopFollowingIntrospectionChanges(view)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> changes.stopFollowingIntrospectionChanges("short")), 400, "MALFORMED_REQUEST");
    }

    @Test
    void introspectionCountsAgainstTheServicesQuotaNeverTheCallers() throws ApiException {
        String service = api(adminToken()).generateApiToken(new XiqGenerateApiTokenRequest(List.of("token:introspect"))
                .rateLimit(new XiqRateLimitPolicy(2L))).getAccessToken();
        String caller = tokenOf(OBSERVER, OBSERVER_PASSWORD, new XiqRateLimitPolicy(1L));

        assertThat(introspect(service, caller).getActive()).isTrue();
        assertThat(introspect(service, caller).getActive()).isTrue();
        assertRefused(refusalOf(() -> introspect(service, caller)), 429, "RATE_LIMITED");
        assertThat(api(caller).getCurrentApiTokenInfoWithHttpInfo().getStatusCode())
                .as("the caller's one request of its quota is still its own").isEqualTo(200);
    }

    @Test
    void apiTokenPastItsExpireTimeIsRefused() throws ApiException {
        XiqGenerateApiTokenResponse token = generate(adminToken(), List.of("device:r"),
                inSeconds(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));

        assertRefused(refusalOf(() -> api(token.getAccessToken()).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
    }

    @Test
    void aCallerWithoutApitokenCreateIsRefused403InsufficientScopeBeforeAnythingIsIssued() throws ApiException {
        ApiException refused = refusalOf(() -> generate(observerToken(), List.of("device:r"), null));

        assertRefused(refused, 403, "ACCESS_DENIED");
        assertThat(header(refused.getResponseHeaders(), HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"xiq\", error=\"insufficient_scope\", scope=\"auth token:new\"");
    }

    @Test
    void grantingAPermissionTheCallerDoesNotHoldIs403AndAnUnknownOneIs400() throws ApiException {
        XiqGenerateApiTokenResponse parent = generate(adminToken(), List.of("token:new", "device:r", "auth:r"), null);

        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device"), null)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:reboot"), null)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(adminToken(), List.of("device:fly"), null)), 400, "UNKNOWN_PERMISSION");
        XiqGenerateApiTokenResponse child = generate(parent.getAccessToken(), List.of("device:r", "auth:r"), null);
        assertThat(api(child.getAccessToken()).getCurrentApiTokenInfo().getScopes()).containsExactly("auth:r",
                "device:r");
    }

    @Test
    void aTokenHoldingACategoryPermissionGrantsTheCallsItCoversAndNoOthers() throws ApiException {
        XiqGenerateApiTokenResponse parent = generate(adminToken(), List.of("token:new", "device", "auth:r"), null);

        XiqGenerateApiTokenResponse child = generate(parent.getAccessToken(), List.of("device:list", "device:reboot",
                "device:r", "auth:r"), null);
        assertThat(api(child.getAccessToken()).getCurrentApiTokenInfo().getScopes())
                .containsExactly("auth:r", "device:list", "device:r", "device:reboot");
        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("client:r"), null)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("auth"), null)), 403,
                "ACCESS_DENIED");
    }

    @Test
    void anApiTokenThatExpiresCannotCreateOneThatOutlivesIt() throws ApiException {
        long parentExpiry = inSeconds(Duration.ofHours(1));
        XiqGenerateApiTokenResponse parent = generate(adminToken(), List.of("token:new", "device:r"),
                parentExpiry);

        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:r"), parentExpiry + 1)), 403,
                "ACCESS_DENIED");
        assertRefused(refusalOf(() -> generate(parent.getAccessToken(), List.of("device:r"), null)), 403,
                "ACCESS_DENIED");
        assertThat(generate(parent.getAccessToken(), List.of("device:r"), parentExpiry).getExpireTime().toInstant())
                .isEqualTo(Instant.ofEpochSecond(parentExpiry));
    }

    @Test
    void revokingAnApiTokenRevokesTheApiTokensItCreatedButNotItsCreatorsLoginToken() throws ApiException {
        String login = adminToken();
        XiqGenerateApiTokenResponse parent = generate(login, List.of("token:new", "device:r", "auth:r", "logout"), null);
        XiqGenerateApiTokenResponse child = generate(parent.getAccessToken(), List.of("device:r", "auth:r"), null);
        XiqGenerateApiTokenResponse sibling = generate(login, List.of("device:r", "auth:r"), null);

        new AuthenticationApi(apiClient(parent.getAccessToken())).logout();

        assertRefused(refusalOf(() -> api(child.getAccessToken()).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
        assertThat(api(sibling.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).isEqualTo(200);
        assertThat(api(login).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    void anExpireTimeUnderFiveMinutesOrOverTenYearsAwayIs400() throws ApiException {
        String admin = adminToken();

        assertRefused(refusalOf(() -> generate(admin, List.of("device:r"), inSeconds(Duration.ofSeconds(299)))),
                400, "MALFORMED_REQUEST");
        assertRefused(refusalOf(() -> generate(admin, List.of("device:r"), inSeconds(Duration.ofDays(3651)))),
                400, "MALFORMED_REQUEST");
        assertThat(generate(admin, List.of("device:r"), inSeconds(Duration.ofSeconds(300)))).isNotNull();
    }

    @Test
    void bodiesOutOfTheContractAre400AndOtherMediaTypes415() throws ApiException, IOException {
        String admin = adminToken();
        for (String body : List.of("{}", "{\"permissions\":[]}", "{\"permissions\":\"device:r\"}",
                "{\"permissions\":[\"device:r\"],\"expire_time\":\"soon\"}",
                "{\"permissions\":[\"device:r\"],\"description\":\"" + "x".repeat(256) + "\"}",
                "{\"permissions\":[\"device:r\"],\"description\":\"line\\nbreak\"}",
                "{\"permissions\":[\"device:r\"],\"description\":\"\u202Etxe.exe\"}",
                "{\"permissions\":[null]}", "{\"permissions\":[\"device:r\"],\"rate_limit\":{\"hour\":0}}",
                "{\"permissions\":[\"device:r\"],\"rate_limit\":{\"hour\":10,\"second\":-1}}", "[", "")) {
            try (Response response = target("auth/apitoken").request()
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                    .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
                AuthenticationApiContract.assertXiqError(response, 400, "MALFORMED_REQUEST");
            }
        }
        for (String path : List.of("auth/apitoken", "auth/permissions/:check")) {
            try (Response response = target(path).request().header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                    .post(Entity.entity("permissions=device:r", MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
                AuthenticationApiContract.assertXiqError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
            }
        }
    }

    @Test
    void anApiTokensQuotaIsCappedAndCountedLikeALoginTokens() throws ApiException {
        XiqGenerateApiTokenResponse token = api(adminToken()).generateApiToken(
                new XiqGenerateApiTokenRequest(List.of("device:r", "auth:r")).rateLimit(new XiqRateLimitPolicy(1L)));
        ApiResponse<XiqApiTokenInfo> first = api(token.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo();
        assertThat(header(first.getHeaders(), "RateLimit-Limit")).isEqualTo("1;w=3600");

        ApiException limited = refusalOf(() -> api(token.getAccessToken()).getCurrentApiTokenInfo());
        assertRefused(limited, 429, "RATE_LIMITED");
        assertThat(header(limited.getResponseHeaders(), "Retry-After")).isNotNull();

        XiqGenerateApiTokenResponse greedy = api(adminToken()).generateApiToken(
                new XiqGenerateApiTokenRequest(List.of("auth:r")).rateLimit(new XiqRateLimitPolicy(1_000_000L)));
        assertThat(header(api(greedy.getAccessToken()).getCurrentApiTokenInfoWithHttpInfo().getHeaders(),
                "RateLimit-Limit")).as("capped at the most a login may ask for").isEqualTo("7500;w=3600");
    }

    @Test
    void disablingOrChangingThePasswordOfTheCreatorRefusesItsApiTokensAtOnce() throws ApiException {
        String first = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        clock.advance(Duration.ofSeconds(2));
        users.setEnabled(TestServers.USERNAME, false, clock.instant());
        assertRefused(refusalOf(() -> api(first).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");

        users.setEnabled(TestServers.USERNAME, true, clock.instant());
        clock.advance(Duration.ofSeconds(2));
        String second = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        clock.advance(Duration.ofSeconds(2));
        users.changePassword(TestServers.USERNAME, TestServers.HASHER.hash(TestServers.PASSWORD), clock.instant());
        assertRefused(refusalOf(() -> api(second).getCurrentApiTokenInfo()), 401, "INVALID_TOKEN");
    }

    @Test
    void anApiTokensScopesShrinkWithItsCreatorsRole() throws ApiException {
        String token = generate(adminToken(), List.of("device:r", "user", "auth:r"), null).getAccessToken();
        User admin = users.findByUsername(TestServers.USERNAME).orElseThrow();
        users.remove(admin.username());
        users.put(new User(admin.userId(), admin.username(), admin.passwordHash(), "MONITOR", admin.tenant(), true,
                admin.tokensValidAfter()));

        XiqApiTokenInfo info = api(token).getCurrentApiTokenInfo();

        assertThat(info.getRole()).isEqualTo("MONITOR");
        assertThat(info.getScopes()).as("a monitor may not make user's every call").containsExactly("auth:r",
                "device:r");
    }

    @Test
    void validateAnswers200ForAValidTokenAnd401ForAnythingElseWithoutSayingWhy() throws ApiException {
        String token = adminToken();
        ApiResponse<Void> valid = api(null).validateApiTokenWithHttpInfo(token);
        assertThat(valid.getStatusCode()).isEqualTo(200);

        String apiToken = generate(token, List.of("device:r"), null).getAccessToken();
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
    void validateTakesTextOrXiqPostmansJsonAndCountsNothingAgainstTheValidatedTokensQuota()
            throws ApiException, IOException {
        String token = tokenOf(TestServers.USERNAME, TestServers.PASSWORD, new XiqRateLimitPolicy(1L));
        for (String body : List.of(token, "\"" + token + "\"")) {
            try (Response json = target("auth/apitoken/:validate").request()
                    .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
                assertThat(json.getStatus()).as("XIQ's Postman collection: application/json, " + body).isEqualTo(200);
            }
        }
        try (Response revoked = target("auth/apitoken/:validate").request()
                .post(Entity.entity("\"not.a.token\"", MediaType.APPLICATION_JSON_TYPE))) {
            AuthenticationApiContract.assertXiqError(revoked, 401, "INVALID_TOKEN");
        }
        try (Response xml = target("auth/apitoken/:validate").request()
                .post(Entity.entity("<token>" + token + "</token>", MediaType.APPLICATION_XML_TYPE))) {
            AuthenticationApiContract.assertXiqError(xml, 415, "UNSUPPORTED_MEDIA_TYPE");
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
            XiqGenerateApiTokenResponse generated = generate(admin, List.of("device:r"), null);
            ApiException refused = refusalOf(() -> api(null).validateApiToken("not.a.token"));

            String errorId = XiqErrors.of(refused).orElseThrow().getErrorId();
            assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("event=apitoken outcome=success")
                            .contains("username=\"" + TestServers.USERNAME + "\"").contains("permissions=\"device:r\""))
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
                CATALOGUE.permissionsOf("OBSERVER")).contains("auth:r", "device:r").doesNotContain("auth", "device");
        assertThat(observer).allSatisfy(permission -> {
            assertThat(permission.getDescription()).isNotBlank();
            assertThat(permission.getCategory()).isNotBlank();
        });

        String narrow = generate(adminToken(), List.of("auth:r", "device:r"), null).getAccessToken();
        assertThat(api(narrow).listPermissions()).extracting(XiqPermission::getName)
                .containsExactlyInAnyOrder("auth:r", "device:r");
        String byCategory = generate(adminToken(), List.of("auth", "device:r"), null).getAccessToken();
        assertThat(api(byCategory).listPermissions()).extracting(XiqPermission::getName)
                .as("auth allows every call auth:r allows").containsExactlyInAnyOrder("auth", "device:r");

        String withoutRead = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        assertRefused(refusalOf(() -> api(withoutRead).listPermissions()), 403, "ACCESS_DENIED");
    }

    @Test
    void checkPermissionsAnswersXiqsRequirementsAsPermissionObjectsAndRoles() throws ApiException {
        AuthorizationApi api = api(adminToken());

        XiqCheckPermissionResponse generate = api.checkPermissions(new XiqCheckPermissionRequest("post",
                "/auth/apitoken"));
        assertThat(generate.getPermissions()).extracting(XiqPermission::getName).containsExactly("auth", "token:new");
        assertThat(generate.getPermissions()).allSatisfy(permission -> {
            assertThat(permission.getCategory()).isEqualTo("Authorization");
            assertThat(permission.getDescription()).isNotBlank();
        });
        assertThat(generate.getRoles()).containsExactly("ADMINISTRATOR", "OPERATOR", "MONITOR", "INSTALLER");

        XiqCheckPermissionResponse introspect = api.checkPermissions(new XiqCheckPermissionRequest("get",
                "https://api.extremecloudiq.com/auth/apitoken/info?x=1"));
        assertThat(introspect.getPermissions()).extracting(XiqPermission::getName).containsExactly("auth", "auth:r");
        assertThat(introspect.getRoles()).containsExactly("ADMINISTRATOR", "OPERATOR", "MONITOR", "OBSERVER");

        assertThat(api.checkPermissions(new XiqCheckPermissionRequest("POST", "/auth/apitoken/%3Avalidate"))
                .getPermissions()).extracting(XiqPermission::getName).as("XIQ's document lists auth for it")
                .containsExactly("auth");
        XiqCheckPermissionResponse device = api.checkPermissions(new XiqCheckPermissionRequest("GET", "/devices/42"));
        assertThat(device.getPermissions()).extracting(XiqPermission::getName)
                .containsExactly("device", "device:r", "device:view");
        assertThat(device.getRoles()).contains("OBSERVER", "MONITOR").doesNotContain("GUEST_MANAGEMENT");
        XiqCheckPermissionResponse notSet = api.checkPermissions(new XiqCheckPermissionRequest("GET",
                "/backup/history/grid"));
        assertThat(notSet.getPermissions()).extracting(XiqPermission::getName).as("NOT SET: the category's")
                .containsExactly("account", "account:r");
        assertThat(notSet.getRoles()).containsExactly("ADMINISTRATOR", "OPERATOR");
    }

    @Test
    void checkPermissionsAnswersWhatXiqsDocumentSaysForAHundredOfItsCalls() throws ApiException {
        AuthorizationApi api = api(adminToken());
        List<XiqDocumentRows.Endpoint> sample = new ArrayList<>(XiqDocumentRows.endpoints(CATALOGUE.categories())
                .values());
        Collections.shuffle(sample, new Random(23));
        int checked = 0;
        for (XiqDocumentRows.Endpoint call : sample) {
            String path = call.path().replaceAll("\\{[^}]*}", "42");
            CatalogueEndpoint served = CATALOGUE.endpoint(call.method(), path).orElseThrow();
            if (!served.uri().toString().equals(call.path())) {
                continue; // a more literal call of the document serves this path: it is checked on its own
            }
            String method = checked % 2 == 0 ? call.method().toLowerCase(Locale.ROOT) : call.method();
            String uri = checked % 3 == 0 ? "https://api.extremecloudiq.com" + path : path;
            XiqCheckPermissionResponse answer = api.checkPermissions(new XiqCheckPermissionRequest(method, uri));
            assertThat(answer.getPermissions()).extracting(XiqPermission::getName).as(call.method() + " " + call.path())
                    .containsExactlyInAnyOrderElementsOf(call.permissions());
            assertThat(answer.getRoles()).as(call.method() + " " + call.path())
                    .containsExactlyInAnyOrderElementsOf(call.roles());
            if (++checked == 100) {
                break;
            }
        }
        assertThat(checked).isEqualTo(100);
    }

    @Test
    void checkPermissionsForAnUnknownOperationIs404AndForAMalformedOneIs400() throws ApiException {
        String observer = adminToken();

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
                .getPermissions()).extracting(XiqPermission::getName).as("HEAD is served by the GET method")
                .containsExactly("auth", "auth:r");
        String withoutRead = generate(adminToken(), List.of("device:r"), null).getAccessToken();
        assertRefused(refusalOf(() -> api(withoutRead).checkPermissions(new XiqCheckPermissionRequest("GET",
                "/devices"))), 403, "ACCESS_DENIED");
    }

    @Test
    void everyAuthorizationOperationAnswers406ToAClientThatAcceptsNoJson() throws ApiException, IOException {
        String admin = adminToken();
        List<Response> responses = List.of(
                target("auth/apitoken").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .post(Entity.json("{\"permissions\":[\"device:r\"]}")),
                target("auth/apitoken/info").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .get(),
                target("auth/apitoken/:validate").request("text/html").post(Entity.text(admin)),
                target("auth/permissions").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .get(),
                target("auth/permissions/:check").request("text/html").header(HttpHeaders.AUTHORIZATION,
                        "Bearer " + admin).post(Entity.json("{\"method\":\"GET\",\"uri\":\"/devices\"}")),
                target("oauth2/introspect").request("text/html").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .post(Entity.form(new Form("token", admin))),
                target("oauth2/introspect/changes").queryParam("view", "guard-0123456789abcdef").request("text/html")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).get(),
                target("oauth2/introspect/changes").queryParam("view", "guard-0123456789abcdef").request("text/html")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).delete());
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
                .post(Entity.json("{\"permissions\":[\"device:r\"],\"description\":\"" + big + "\"}"));
                Response validate = target("auth/apitoken/:validate").request().post(Entity.text(big));
                Response check = target("auth/permissions/:check").request()
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .post(Entity.json("{\"method\":\"GET\",\"uri\":\"/" + big + "\"}"));
                Response introspect = target("oauth2/introspect").request()
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).post(Entity.form(new Form("token", big)))) {
            AuthenticationApiContract.assertXiqError(generate, 413, "PAYLOAD_TOO_LARGE");
            AuthenticationApiContract.assertXiqError(validate, 413, "PAYLOAD_TOO_LARGE");
            AuthenticationApiContract.assertXiqError(check, 413, "PAYLOAD_TOO_LARGE");
            AuthenticationApiContract.assertXiqError(introspect, 413, "PAYLOAD_TOO_LARGE");
        }
    }
}
