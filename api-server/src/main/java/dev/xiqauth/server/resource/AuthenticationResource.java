package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqLoginResponse;
import dev.xiqauth.server.api.AuthenticationApi;
import dev.xiqauth.server.bearer.TokenSecurityContext;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.http.ClientAddressFilter;
import dev.xiqauth.server.login.LoginClient;
import dev.xiqauth.server.login.LoginRequestLimits;
import dev.xiqauth.server.login.LoginService;
import dev.xiqauth.server.login.LogoutService;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import dev.xiqauth.server.token.IssuedToken;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The XIQ Authentication API: maps requests to {@link LoginService} and {@link LogoutService} and
 * their results to responses. Authentication of {@code logout} happens before it is called, in the
 * filter the contract asks for.
 *
 * <p>JAX-RS inherits method annotations from the generated interface but not its class-level
 * {@code @Path}, hence the one repeated here.
 */
@Path("")
public final class AuthenticationResource implements AuthenticationApi {
    /** RFC 6749 section 5.1 and XIQ: a response that carries a token must never be cached. */
    static final String NO_STORE = "no-cache, no-store, max-age=0, must-revalidate";

    private final LoginService login;
    private final LogoutService logout;
    private final LoginRequestLimits limits;

    // The generated logout() takes no parameters, so the request's security context cannot be a
    // constructor or method argument: Jersey injects a per-request proxy here.
    @Context
    private SecurityContext securityContext;

    // The request itself is request-scoped while this resource is a singleton: it is looked up per call.
    @Inject
    private Provider<ContainerRequest> currentRequest;

    public AuthenticationResource(LoginService login, LogoutService logout, LoginRequestLimits limits) {
        this.login = login;
        this.logout = logout;
        this.limits = limits;
    }

    @Override
    public Response login(XiqLoginRequest request) {
        if (request == null) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "login without a body");
        }
        limits.check(request);
        Optional<RateLimitPolicy> quota = RequestedQuota.of(request.getRateLimit());
        ContainerRequest current = currentRequest.get();
        LoginClient client = new LoginClient(ClientAddressFilter.CLIENT_ADDRESS.get(current),
                ClientAddressFilter.CLIENT_KEY.get(current));
        IssuedToken token = login.login(request.getUsername(), request.getPassword(), client, quota);
        XiqLoginResponse body = new XiqLoginResponse(token.accessToken(), "Bearer", token.expiresInSeconds());
        return Response.ok(body)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .header("Pragma", "no-cache")
                .build();
    }

    @Override
    public Response logout() {
        logout.logout(TokenSecurityContext.tokenOf(securityContext),
                ClientAddressFilter.CLIENT_ADDRESS.get(currentRequest.get()));
        return Response.ok().build();
    }
}
