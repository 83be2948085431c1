package dev.xiqauth.guard;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guards a Jersey application with the XIQ Authentication server: every request must present a Bearer token
 * (RFC 6750 section 2.1) that the server says is active when the service asks with its own credential
 * ({@code POST /oauth2/introspect}, RFC 7662); the request then runs with a {@code SecurityContext} whose
 * principal is an {@link XiqPrincipal} (name, user id, role, scopes), whose {@code isUserInRole} is true for the
 * user's role, and whose scheme is {@code Bearer}.
 *
 * <p>The service's credential is an API token holding {@code token:introspect}, made once by an administrator
 * ({@code POST /auth/apitoken} with {@code {"permissions": ["token:introspect"]}}) and kept as a secret: each check
 * counts against its quota, never the caller's, and the caller's token is never presented as a credential.
 *
 * <pre>{@code
 * XiqTokenGuard guard = XiqTokenGuard.builder(URI.create("https://auth.example.com"))
 *         .credential(System.getenv("INVENTORY_INTROSPECTION_TOKEN"))
 *         .realm("inventory")
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * ResourceConfig app = new ResourceConfig(InventoryResource.class).register(guard);
 * }</pre>
 *
 * <p>It also enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} (with Jersey's
 * {@code RolesAllowedDynamicFeature}, which the application must then not register itself) and
 * {@link RequiresPermissions}. Every request is authenticated, before it is matched to a resource:
 * {@code @PermitAll} admits any authenticated caller, never an anonymous one.
 *
 * <p>What it answers instead of the application, each time with an {@code XiqError} JSON body whose fresh
 * {@code error_id} is logged (logger {@code dev.xiqauth.guard}) with the reason, never with the token:
 * <ul>
 *   <li>401 {@code UNAUTHENTICATED}, {@code WWW-Authenticate: Bearer realm="..."}: no Bearer credentials (no
 *       {@code Authorization} header, or another scheme);</li>
 *   <li>401 {@code INVALID_TOKEN}, {@code ..., error="invalid_token"}: the server refused the token, or it
 *       cannot be one;</li>
 *   <li>400 {@code MALFORMED_REQUEST}, {@code ..., error="invalid_request"}: two {@code Authorization}
 *       headers, or two credentials in one;</li>
 *   <li>403 {@code ACCESS_DENIED}: a valid token whose role or permissions do not allow the method;</li>
 *   <li>503 {@code SERVICE_UNAVAILABLE} with {@code Retry-After}: the token could not be checked (server
 *       unreachable, not done answering within the timeout, failing, refusing the service's credential or finding
 *       it over its quota, or answering what the guard does not understand). The guard fails closed: it never
 *       lets a request through unchecked.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. It holds one pool of connections to the auth server: {@link #close()} it when
 * the application stops.
 */
@ConstrainedTo(RuntimeType.SERVER)
public final class XiqTokenGuard implements Feature, AutoCloseable {
    private final RemoteTokenIntrospection remote;
    private final Optional<FollowedTokenIntrospection> followed;
    private final TokenIntrospector introspection;
    private final ErrorResponses errors;

    private XiqTokenGuard(Builder builder) {
        this.remote = new RemoteTokenIntrospection(builder.authServer, builder.timeout, builder.credential);
        this.followed = builder.followChanges ? Optional.of(new FollowedTokenIntrospection(remote, builder.authServer,
                builder.timeout, builder.credential, builder.cacheSize, builder.clock)) : Optional.empty();
        this.introspection = followed.<TokenIntrospector>map(memory -> memory).orElse(remote);
        this.errors = new ErrorResponses(builder.realm);
    }

    /**
     * @param authServer where the XIQ Authentication server is, for example {@code https://auth.example.com}
     * @return a builder of a guard asking that server, with the default settings
     */
    public static Builder builder(URI authServer) {
        return new Builder(authServer);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new BearerTokenFilter(introspection, errors));
        context.register(new RolesAllowedFeature(errors));
        context.register(new RequiredPermissionsFeature(errors));
        return true;
    }

    /**
     * @return whether this guard answers the tokens it has seen from memory now: it follows the auth server's
     *     changes under a live lease
     */
    public boolean answersFromMemory() {
        return followed.map(FollowedTokenIntrospection::answersFromMemory).orElse(false);
    }

    /**
     * Stops answering from memory, stops following the auth server's changes, gives the guard's lease up there (one
     * request: this call may block up to the timeout and a second more), so that no logout waits it out, and closes
     * the connections to the server; requests are no longer authenticated.
     */
    @Override
    public void close() {
        followed.ifPresent(FollowedTokenIntrospection::close);
        remote.close();
    }

    /**
     * The settings of a {@link XiqTokenGuard}. Immutable: each setter returns a new builder, so one builder can be
     * shared as a template; each checks its own value.
     */
    public static final class Builder {
        private static final Pattern REALM = Pattern.compile("[\\x20-\\x7e&&[^\"\\\\]]{1,100}");
        private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

        private static final Pattern CREDENTIAL = Pattern.compile("[\\x21-\\x7e]{1,8192}");

        private final URI authServer;
        private final String credential;
        private final String realm;
        private final Duration timeout;
        private final boolean followChanges;
        private final int cacheSize;
        private final Clock clock;

        private Builder(URI authServer, String credential, String realm, Duration timeout, boolean followChanges,
                int cacheSize, Clock clock) {
            this.authServer = authServer;
            this.credential = credential;
            this.realm = realm;
            this.timeout = timeout;
            this.followChanges = followChanges;
            this.cacheSize = cacheSize;
            this.clock = clock;
        }

        private Builder(URI authServer) {
            this(checked(authServer), null, "xiq", Duration.ofSeconds(2), true, 10_000, Clock.systemUTC());
        }

        private static URI checked(URI authServer) {
            Objects.requireNonNull(authServer, "authServer");
            if (!authServer.isAbsolute() || !("http".equals(authServer.getScheme())
                    || "https".equals(authServer.getScheme())) || authServer.getHost() == null) {
                throw new IllegalArgumentException("the auth server's URI must be an absolute http(s) URI, got "
                        + authServer);
            }
            return authServer;
        }

        /**
         * @param serviceToken the service's own credential, required: an API token of the auth server holding
         *     {@code token:introspect}, read from a secret (a file or the environment), never from code. It is sent
         *     to the auth server alone, and never logged.
         * @return a builder with this credential
         */
        public Builder credential(String serviceToken) {
            String token = serviceToken == null ? null : serviceToken.strip();
            if (token == null || !CREDENTIAL.matcher(token).matches()) {
                throw new IllegalArgumentException("the service's credential must be an API token of the auth server:"
                        + " 1 to 8192 printable ASCII characters without spaces");
            }
            return new Builder(authServer, token, realm, timeout, followChanges, cacheSize, clock);
        }

        /**
         * @param realm the realm of the {@code WWW-Authenticate} challenges (RFC 6750 section 3); {@code xiq} by
         *     default. Printable ASCII without quotes or backslashes, as it is sent in a quoted string.
         * @return a builder with this realm
         */
        public Builder realm(String realm) {
            if (realm == null || !REALM.matcher(realm).matches()) {
                throw new IllegalArgumentException("the realm must be 1 to 100 printable ASCII characters without"
                        + " quotes or backslashes, got " + realm);
            }
            return new Builder(authServer, credential, realm, timeout, followChanges, cacheSize, clock);
        }

        /**
         * @param timeout the deadline of each exchange with the auth server, counted from its start: connecting,
         *     sending the request, and receiving the status line, the headers and the whole body must all be done
         *     within it, however the server paces its bytes; 2 s by default. The exchange is then abandoned and
         *     its connection closed, so a slow auth server holds a guarded request's thread no longer than this,
         *     and the request is answered 503.
         * @return a builder with this timeout
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the timeout must be 1 ms to 24 days, got " + timeout);
            }
            return new Builder(authServer, credential, realm, timeout, followChanges, cacheSize, clock);
        }

        /**
         * Whether the guard answers from memory the tokens it has seen, exactly: on by default. It then follows what
         * changes the auth server's answers ({@code GET /oauth2/introspect/changes}) under a lease: every logout,
         * disabled user, changed password or role and retired key at the server waits until this guard has applied
         * it (milliseconds), or until its lease has ended (4 s at most, when the guard is frozen, cut off or gone),
         * before the server answers it; so a revoked token is refused here on its very next request, and a token
         * already seen costs no question to the server. Without a lease (the server unreachable, the stream cut), every
         * request asks the server. Off, every request asks the server.
         *
         * @param follow whether to follow the auth server's changes and answer from memory
         * @return a builder with this choice
         */
        public Builder followChanges(boolean follow) {
            return new Builder(authServer, credential, realm, timeout, follow, cacheSize, clock);
        }

        /**
         * @param maxEntries how many answers the guard keeps in memory at most, 10 000 by default; when it holds that
         *     many, a new answer is not kept (it is kept again once the others expire or are revoked)
         * @return a builder with this cache size
         */
        public Builder cacheSize(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("the cache must hold at least one entry, got " + maxEntries);
            }
            return new Builder(authServer, credential, realm, timeout, followChanges, maxEntries, clock);
        }

        /**
         * @param clock the clock that decides when a token kept in memory has expired; the system's by default
         * @return a builder with this clock
         */
        public Builder clock(Clock clock) {
            return new Builder(authServer, credential, realm, timeout, followChanges, cacheSize,
                    Objects.requireNonNull(clock, "clock"));
        }

        /**
         * @return a guard with these settings, with its own connections to the auth server
         * @throws IllegalStateException if no {@link #credential} was given
         */
        public XiqTokenGuard build() {
            if (credential == null) {
                throw new IllegalStateException("the guard asks the auth server with the service's own credential:"
                        + " give it credential(...), an API token holding token:introspect");
            }
            return new XiqTokenGuard(this);
        }
    }
}
