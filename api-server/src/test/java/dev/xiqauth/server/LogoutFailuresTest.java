package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.ApiResponse;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.AuthenticationApi;
import dev.xiqauth.client.api.AuthorizationApi;
import dev.xiqauth.server.error.StoreUnavailableException;
import dev.xiqauth.server.token.FailingRevocationStore;
import dev.xiqauth.server.token.InMemoryRevocationStore;
import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.Test;

/**
 * Logout when revoking fails: the token is not revoked, the client is told why (503 to retry, 500
 * for the unexpected), and a retry succeeds even once the token is over its quota: a logout never
 * counts against the quota ({@code x-xiq-counts-quota: false}), so a token can always be revoked.
 */
final class LogoutFailuresTest extends ApplicationTest {
    /** Set in {@link #application}, which JerseyTest calls before this class's initializers run. */
    private FailingRevocationStore revocations;

    /** Over real HTTP, on Jetty. */
    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }

    @Override
    protected Application application(MutableClock testClock) {
        revocations = new FailingRevocationStore(new InMemoryRevocationStore(testClock));
        return TestServers.application(testClock)
                .revocations(revocations)
                .build().resourceConfig();
    }


    private ApiClient client(String token) {
        ApiClient client = new ApiClient().setHttpClient(client())
                .setBasePath(target().getUri().toString().replaceAll("/$", ""));
        if (token != null) {
            client.setBearerToken(token);
        }
        return client;
    }

    private AuthenticationApi api(String token) {
        return new AuthenticationApi(client(token));
    }

    private AuthorizationApi authorization(String token) {
        return new AuthorizationApi(client(token));
    }

    private String login(XiqRateLimitPolicy quota) throws ApiException {
        return api(null).login(new XiqLoginRequest(TestServers.USERNAME, TestServers.PASSWORD).rateLimit(quota))
                .getAccessToken();
    }

    @Test
    void logoutWhileTheStoreIsDownIs503AndTheTokenStaysUsable() throws ApiException {
        String token = login(null);
        revocations.failNextRevoke(new StoreUnavailableException("revocation store down"));

        ApiException unavailable = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(unavailable.getCode()).isEqualTo(503);
        assertThat(XiqErrors.of(unavailable).orElseThrow().getErrorCode()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(api(token).logoutWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    void unexpectedFailureWhileRevokingIs500WithoutDetail() throws ApiException {
        String token = login(null);
        revocations.failNextRevoke(new IllegalStateException("disk on fire at /var/lib/secret"));

        ApiException failed = catchThrowableOfType(ApiException.class, () -> api(token).logout());

        assertThat(failed.getCode()).isEqualTo(500);
        assertThat(failed.getResponseBody()).doesNotContain("disk on fire").doesNotContain("/var/lib");
    }

    @Test
    void aTokenOverItsQuotaIsStillRevokedByALogoutAndItsRetry() throws ApiException {
        String token = login(new XiqRateLimitPolicy(1L));
        assertThat(authorization(token).getCurrentApiTokenInfoWithHttpInfo().getStatusCode()).as("the quota's one request")
                .isEqualTo(200);
        assertThat(catchThrowableOfType(ApiException.class, () -> authorization(token).getCurrentApiTokenInfo()).getCode())
                .as("over the quota").isEqualTo(429);
        revocations.failNextRevoke(new StoreUnavailableException("revocation store down"));
        assertThat(catchThrowableOfType(ApiException.class, () -> api(token).logout()).getCode()).isEqualTo(503);

        ApiResponse<Void> retried = api(token).logoutWithHttpInfo();

        assertThat(retried.getStatusCode()).as("the retry, over the quota, revokes it").isEqualTo(200);
        assertThat(retried.getHeaders().keySet()).as("a logout is not counted, so it reports no quota")
                .noneMatch(name -> name.equalsIgnoreCase("RateLimit-Remaining"));
        assertThat(catchThrowableOfType(ApiException.class, () -> api(token).logout()).getCode())
                .as("revoked").isEqualTo(401);
    }
}
