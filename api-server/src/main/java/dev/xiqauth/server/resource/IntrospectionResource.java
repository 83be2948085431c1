package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.TokenIntrospection;
import dev.xiqauth.server.api.IntrospectionApi;
import dev.xiqauth.server.apitoken.TokenIntrospector;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.feed.GuardFeeding;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.TokenKind;
import dev.xiqauth.server.user.TenantAttributes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * {@code POST /oauth2/introspect}: RFC 7662 for the services behind the server, this server's own extension.
 * The contract's security has already authenticated the service's credential and checked that it holds
 * {@code token:introspect}; this answers for the token in the form.
 */
public final class IntrospectionResource implements IntrospectionApi {
    /** The epoch of the position an answer reflects ({@code GET /oauth2/introspect/changes}). */
    static final String CHANGE_EPOCH = "Xiq-Change-Epoch";
    /** The position an answer reflects every change up to. */
    static final String CHANGE_POSITION = "Xiq-Change-Position";

    private final TokenIntrospector introspector;
    private final String issuer;
    private final GuardFeeding feeding;

    /**
     * @param introspector what decides whether a token is active
     * @param issuer this server's {@code iss}, as its tokens carry it
     * @param feeding the positions of the changes the guards follow
     */
    public IntrospectionResource(TokenIntrospector introspector, String issuer, GuardFeeding feeding) {
        this.introspector = introspector;
        this.issuer = issuer;
        this.feeding = feeding;
    }

    @Override
    public Response introspectToken(String token, String tokenTypeHint) {
        if (token == null) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "introspectToken without the form parameter token");
        }
        // Read before the check: the answer reflects at least every change up to it, so a guard that applied a later
        // one concerning this token knows not to keep the answer.
        long position = feeding.answeredAt().getAsLong();
        TokenIntrospection body = introspector.introspect(token).map(this::active)
                .orElseGet(() -> new TokenIntrospection().active(false));
        // RFC 7662 section 4: the answer describes a credential; no cache may keep it.
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, AuthenticationResource.NO_STORE)
                .header("Pragma", "no-cache").header(CHANGE_EPOCH, feeding.epoch())
                .header(CHANGE_POSITION, Long.toString(position)).build();
    }

    private TokenIntrospection active(AuthenticatedToken token) {
        boolean api = token.token().kind() == TokenKind.API;
        return new TokenIntrospection()
                .active(true)
                .scope(String.join(" ", token.sortedScopes()))
                .clientId(api ? token.token().jti() : null)
                .username(token.user().username())
                .tokenType("Bearer")
                .exp(token.token().expiresAt().map(Instant::getEpochSecond).orElse(null))
                .iat(token.token().issuedAt().getEpochSecond())
                .sub(token.token().subject())
                .iss(issuer)
                .jti(token.token().jti())
                .role(token.user().role())
                .userId(token.user().userId())
                .ownerId(token.user().tenant().map(TenantAttributes::ownerId).orElse(0L))
                .dataCenter(token.user().tenant().map(TenantAttributes::dataCenter).orElse(""))
                .tokenUse(api ? TokenIntrospection.TokenUseEnum.API : TokenIntrospection.TokenUseEnum.LOGIN);
    }
}
