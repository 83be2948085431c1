package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.XiqIntrospectionChange;
import dev.xiqauth.api.model.XiqIntrospectionChanges;
import dev.xiqauth.server.api.ChangesApi;
import dev.xiqauth.server.bearer.TokenSecurityContext;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.feed.GuardFeed;
import dev.xiqauth.server.feed.GuardStreams;
import dev.xiqauth.server.token.VerifiedToken;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * {@code GET /oauth2/introspect/changes}: a guarded service follows what changes introspection answers, under a
 * lease ({@link GuardStreams}). The contract's security has authenticated the service's credential and checked that
 * it holds {@code token:introspect}; its question is answered when a change comes, or after a second, without
 * holding a thread meanwhile. {@code DELETE} gives the lease up, for a guard that stops.
 */
public final class ChangesResource implements ChangesApi {
    private static final Pattern VIEW = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** How long a question waits for a change: well within a lease, so a quiet guard renews it in time. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final GuardStreams streams;

    // The generated method takes no context parameter: Jersey injects a per-request proxy here.
    @Context
    private SecurityContext securityContext;

    public ChangesResource(GuardStreams streams) {
        this.streams = streams;
    }

    @Override
    public CompletionStage<Response> followIntrospectionChanges(String view, String epoch, Long after) {
        checkView("followIntrospectionChanges", view);
        if (epoch != null && !EPOCH.matcher(epoch).matches()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "followIntrospectionChanges with a malformed epoch");
        }
        if (after == null || after < 0) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "followIntrospectionChanges with a negative position");
        }
        String holder = holderOf(TokenSecurityContext.tokenOf(securityContext));
        return streams.follow(view, holder, Optional.ofNullable(epoch), after, WAIT).thenApply(ChangesResource::answer);
    }

    @Override
    public CompletionStage<Response> stopFollowingIntrospectionChanges(String view) {
        checkView("stopFollowingIntrospectionChanges", view);
        streams.stop(view, holderOf(TokenSecurityContext.tokenOf(securityContext)));
        return CompletableFuture.completedFuture(Response.noContent().build());
    }

    private static void checkView(String operation, String view) {
        if (view == null || !VIEW.matcher(view).matches()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, operation + " with a view that is not 16 to 64 letters, "
                    + "digits, - or _");
        }
    }

    private static String holderOf(VerifiedToken credential) {
        return credential.subject() + " (credential " + credential.jti() + ")";
    }

    private static Response answer(GuardStreams.Answer answer) {
        GuardFeed.Batch batch = answer.batch();
        XiqIntrospectionChanges body = new XiqIntrospectionChanges().epoch(batch.epoch()).reset(batch.reset())
                .position(batch.position()).leaseMs(answer.lease().map(Duration::toMillis).orElse(null))
                .changes(new ArrayList<>());
        for (GuardFeed.Entry entry : batch.entries()) {
            XiqIntrospectionChange change = new XiqIntrospectionChange().position(entry.position());
            switch (entry.kind()) {
                case REVOKED -> change.kind(XiqIntrospectionChange.KindEnum.REVOKED).jti(entry.subject().get());
                case USER -> change.kind(XiqIntrospectionChange.KindEnum.USER)
                        .userId(Long.parseLong(entry.subject().get()));
                case KEYS -> change.kind(XiqIntrospectionChange.KindEnum.ALL);
                default -> throw new IllegalStateException("unknown change " + entry.kind());
            }
            body.addChangesItem(change);
        }
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, AuthenticationResource.NO_STORE)
                .header("Pragma", "no-cache").build();
    }
}
