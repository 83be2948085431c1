package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqCheckPermissionRequest;
import dev.xiqauth.api.model.XiqCheckPermissionResponse;
import dev.xiqauth.api.model.XiqGenerateApiTokenRequest;
import dev.xiqauth.api.model.XiqGenerateApiTokenResponse;
import dev.xiqauth.api.model.XiqPermission;
import dev.xiqauth.server.api.AuthorizationApi;
import dev.xiqauth.server.apitoken.ApiTokenRequest;
import dev.xiqauth.server.apitoken.ApiTokenService;
import dev.xiqauth.server.apitoken.GeneratedApiToken;
import dev.xiqauth.server.apitoken.TokenValidator;
import dev.xiqauth.server.bearer.TokenSecurityContext;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.http.ClientAddressFilter;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.PermissionCheck;
import dev.xiqauth.server.permission.RequiredPermissions;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.TokenKind;
import dev.xiqauth.server.user.TenantAttributes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * XIQ's Authorization API: maps requests to {@link ApiTokenService}, {@link TokenValidator} and
 * {@link PermissionCheck}, and the presented token's facts to {@code getCurrentApiTokenInfo} and
 * {@code listPermissions}. Authentication and the permissions each operation requires are enforced before
 * it is called, by the filters the contract asks for.
 *
 * <p>JAX-RS inherits method annotations from the generated interface but not its class-level
 * {@code @Path}, hence the one repeated here.
 */
@Path("/auth")
public final class AuthorizationResource implements AuthorizationApi {
    private final ApiTokenService apiTokens;
    private final TokenValidator validator;
    private final PermissionCheck permissionCheck;
    private final PermissionCatalogue catalogue;
    private final Clock clock;

    // The generated methods take no context parameters: Jersey injects per-request proxies here.
    @Context
    private SecurityContext securityContext;

    @Inject
    private Provider<ContainerRequest> currentRequest;

    public AuthorizationResource(ApiTokenService apiTokens, TokenValidator validator, PermissionCheck permissionCheck,
            PermissionCatalogue catalogue, Clock clock) {
        this.apiTokens = apiTokens;
        this.validator = validator;
        this.permissionCheck = permissionCheck;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @Override
    public Response generateApiToken(XiqGenerateApiTokenRequest request) {
        if (request == null) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "generateApiToken without a body");
        }
        ApiTokenRequest wanted = new ApiTokenRequest(request.getPermissions(),
                Optional.ofNullable(request.getExpireTime()), Optional.ofNullable(request.getDescription()),
                RequestedQuota.of(request.getRateLimit()));
        AuthenticatedToken caller = TokenSecurityContext.authenticationOf(securityContext);
        GeneratedApiToken generated = apiTokens.generate(caller, wanted,
                ClientAddressFilter.CLIENT_ADDRESS.get(currentRequest.get()));
        XiqGenerateApiTokenResponse body = new XiqGenerateApiTokenResponse()
                .accessToken(generated.issued().accessToken())
                .createTime(Date.from(generated.record().createdAt()))
                .permissions(List.copyOf(generated.record().sortedPermissions()))
                .creatorId(caller.user().userId())
                .customerId(caller.user().tenant().map(TenantAttributes::customerId).orElse(0L))
                .expireTime(generated.record().expiresAt().map(Date::from).orElse(null))
                .description(generated.record().description().orElse(null));
        return Response.ok(body)
                .header(HttpHeaders.CACHE_CONTROL, AuthenticationResource.NO_STORE)
                .header("Pragma", "no-cache")
                .build();
    }

    @Override
    public Response getCurrentApiTokenInfo() {
        AuthenticatedToken presented = TokenSecurityContext.authenticationOf(securityContext);
        Optional<TenantAttributes> tenant = presented.user().tenant();
        Optional<Instant> expiresAt = presented.token().expiresAt();
        XiqApiTokenInfo body = new XiqApiTokenInfo()
                .userName(presented.user().username())
                .userId(presented.user().userId())
                .role(presented.user().role())
                .ownerId(tenant.map(TenantAttributes::ownerId).orElse(0L))
                .dataCenter(tenant.map(TenantAttributes::dataCenter).orElse(""))
                .scopes(List.copyOf(presented.sortedScopes()))
                .issuedAt(Date.from(presented.token().issuedAt()))
                .expirationTime(expiresAt.map(Date::from).orElse(null))
                .expiresIn(expiresAt.map(expiry -> Math.max(0, Duration.between(clock.instant(), expiry).toSeconds()))
                        .orElse(null))
                .tokenUse(presented.token().kind() == TokenKind.API ? XiqApiTokenInfo.TokenUseEnum.API
                        : XiqApiTokenInfo.TokenUseEnum.LOGIN);
        // The answer describes a credential; no cache between a service and this server may keep it.
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, AuthenticationResource.NO_STORE).build();
    }

    @Override
    public Response validateApiToken(String body) {
        ContainerRequest request = currentRequest.get();
        validator.validate(body, ClientAddressFilter.CLIENT_ADDRESS.get(request),
                ClientAddressFilter.CLIENT_KEY.get(request));
        return Response.ok().build();
    }

    @Override
    public Response listPermissions() {
        AuthenticatedToken presented = TokenSecurityContext.authenticationOf(securityContext);
        List<XiqPermission> body = catalogue.permissions().stream()
                .filter(permission -> presented.scopes().contains(permission.name()))
                .map(permission -> new XiqPermission(permission.name(), permission.description(), permission.category()))
                .toList();
        return Response.ok(body).build();
    }

    @Override
    public Response checkPermissions(XiqCheckPermissionRequest request) {
        if (request == null) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions without a body");
        }
        RequiredPermissions required = permissionCheck.check(request.getMethod(), request.getUri());
        List<XiqPermission> permissions = required.permissions().stream()
                .map(permission -> new XiqPermission(permission.name(), permission.description(), permission.category()))
                .toList();
        return Response.ok(new XiqCheckPermissionResponse(permissions, new LinkedHashSet<>(required.roles()))).build();
    }
}
