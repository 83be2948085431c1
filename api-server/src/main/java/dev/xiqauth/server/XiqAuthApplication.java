package dev.xiqauth.server;

import dev.xiqauth.server.apitoken.ApiTokenService;
import dev.xiqauth.server.apitoken.TokenIntrospector;
import dev.xiqauth.server.apitoken.TokenValidator;
import dev.xiqauth.server.audit.AuditLog;
import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.bearer.BearerTokenFilter;
import dev.xiqauth.server.bearer.ContractSecurityFeature;
import dev.xiqauth.server.config.RateLimitSettings;
import dev.xiqauth.server.config.ThrottleSettings;
import dev.xiqauth.server.config.TokenIssuingSettings;
import dev.xiqauth.server.contract.ContractDocument;
import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.docs.ContractResource;
import dev.xiqauth.server.docs.DocsResource;
import dev.xiqauth.server.error.ApiProblemMapper;
import dev.xiqauth.server.error.BareErrorResponseFilter;
import dev.xiqauth.server.error.ClientAbortMapper;
import dev.xiqauth.server.error.ErrorResponses;
import dev.xiqauth.server.error.HeaderValueExceptionMapper;
import dev.xiqauth.server.error.JsonProcessingExceptionMapper;
import dev.xiqauth.server.error.UnexpectedExceptionMapper;
import dev.xiqauth.server.error.WebApplicationExceptionMapper;
import dev.xiqauth.server.feed.FeedMetrics;
import dev.xiqauth.server.feed.GuardFeeding;
import dev.xiqauth.server.feed.LocalViewLeases;
import dev.xiqauth.server.http.ClientAddressFilter;
import dev.xiqauth.server.http.ClientAddresses;
import dev.xiqauth.server.http.ClientKeys;
import dev.xiqauth.server.http.ClientResolver;
import dev.xiqauth.server.http.CurrentJettyRequest;
import dev.xiqauth.server.http.JettyServers;
import dev.xiqauth.server.http.OptionsResponseFilter;
import dev.xiqauth.server.http.RequestBodyLimit;
import dev.xiqauth.server.http.SecurityHeadersFilter;
import dev.xiqauth.server.json.StrictObjectMapper;
import dev.xiqauth.server.login.KnownClientStore;
import dev.xiqauth.server.login.LoginFailureStore;
import dev.xiqauth.server.login.LoginRequestLimits;
import dev.xiqauth.server.login.LoginService;
import dev.xiqauth.server.login.LoginThrottle;
import dev.xiqauth.server.login.LogoutService;
import dev.xiqauth.server.metrics.MicrometerAuthMetrics;
import dev.xiqauth.server.ops.HealthResource;
import dev.xiqauth.server.ops.MetricsResource;
import dev.xiqauth.server.ops.ReadinessCheck;
import dev.xiqauth.server.ops.RequestLogFilter;
import dev.xiqauth.server.ops.RequestMetricsFilter;
import dev.xiqauth.server.ops.RequestTiming;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.PermissionCheck;
import dev.xiqauth.server.ratelimit.ClientRateLimiter;
import dev.xiqauth.server.ratelimit.QuotaLedger;
import dev.xiqauth.server.ratelimit.RateLimitHeaders;
import dev.xiqauth.server.ratelimit.TokenRateLimiter;
import dev.xiqauth.server.resource.AuthenticationResource;
import dev.xiqauth.server.resource.AuthorizationResource;
import dev.xiqauth.server.resource.ChangesResource;
import dev.xiqauth.server.resource.IntrospectionResource;
import dev.xiqauth.server.token.AccessTokenService;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.KeyRing;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.TokenAuthenticator;
import dev.xiqauth.server.token.TokenSettings;
import dev.xiqauth.server.user.DecoyHash;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.view.LocalChanges;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.jetty.server.Handler;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jersey application: the contract's resources and security, the docs, and the operations
 * endpoints, built once from the ports and settings it is given. {@link CompositionRoot} builds it
 * over the JDBC stores for a running server; tests build it over in-memory stores, so that what is
 * tested is what runs.
 */
public final class XiqAuthApplication {
    private final TokenRateLimiter rateLimiter;
    private final Optional<ClientRateLimiter> validationLimiter;
    private final LoginThrottle throttle;
    private final PrometheusMeterRegistry meterRegistry;
    private final ReadinessCheck readiness;
    private final boolean operationsOnApiPort;
    private final AuthenticationResource authentication;
    private final AuthorizationResource authorization;
    private final IntrospectionResource introspection;
    private final ChangesResource changes;
    private final ContractSecurityFeature contractSecurity;
    private final ClientAddressFilter clientAddresses;
    private final CurrentJettyRequest jettyRequest = new CurrentJettyRequest();
    private final ContractDocument contract;

    private XiqAuthApplication(Builder builder) {
        UserDirectory users = Objects.requireNonNull(builder.users, "users");
        RevocationStore revocations = Objects.requireNonNull(builder.revocations, "revocations");
        ApiTokenStore apiTokens = Objects.requireNonNull(builder.apiTokens, "apiTokens");
        GuardFeeding guards = builder.guards;
        if (guards == null) {
            // Stores this application alone writes (the tests' in memory): its changes are published here.
            LocalChanges local = LocalChanges.start(revocations, apiTokens, users, LocalViewLeases.LeaseFence.NONE,
                    FeedMetrics.NONE);
            revocations = local.revocations();
            apiTokens = local.apiTokens();
            users = local.users();
            guards = local.feeding();
        }
        PermissionCatalogue catalogue = Objects.requireNonNull(builder.permissions, "permissions");
        String realm = Objects.requireNonNull(builder.realm, "realm");
        Clock clock = Objects.requireNonNull(builder.clock, "clock");
        this.meterRegistry = builder.meterRegistry == null
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : builder.meterRegistry;
        this.readiness = Objects.requireNonNull(builder.readiness, "readiness");
        this.operationsOnApiPort = builder.operationsOnApiPort;
        AuthMetrics metrics = new MicrometerAuthMetrics(meterRegistry);
        AuditLog audit = new AuditLog();

        AccessTokenService tokens = new AccessTokenService(Objects.requireNonNull(builder.keys, "keys"),
                Objects.requireNonNull(builder.tokenSettings, "tokenSettings"), realm, clock,
                Objects.requireNonNull(builder.random, "random"));
        this.rateLimiter = new TokenRateLimiter(clock, Objects.requireNonNull(builder.quotas, "quotas"));
        ThrottleSettings throttling = builder.throttling;
        this.throttle = new LoginThrottle(Objects.requireNonNull(builder.loginFailures, "loginFailures"),
                Objects.requireNonNull(builder.knownClients, "knownClients"), throttling.perUsername(),
                throttling.perAddress(), throttling.perKnownClient(), throttling.knownClientFor(), clock);
        LoginService login = new LoginService(users, Objects.requireNonNull(builder.hasher, "hasher"), tokens,
                throttle, builder.rateLimits.defaultQuota(), builder.rateLimits.maxQuota(), audit, metrics,
                Objects.requireNonNull(builder.decoy, "decoy"));
        LogoutService logout = new LogoutService(revocations, apiTokens, realm, audit, metrics);
        this.authentication = new AuthenticationResource(login, logout, LoginRequestLimits.CONTRACT);

        this.contract = ContractDocument.packaged();
        ContractSecurity security = ContractSecurity.of(contract);
        catalogue.requireDefined(security.declaredPermissions(), "the contract's x-xiq-permissions");
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens, revocations, apiTokens, users,
                catalogue::permissionsOf, realm, metrics);
        PermissionCheck permissionCheck = new PermissionCheck(security, catalogue);
        this.contractSecurity = new ContractSecurityFeature(security, catalogue,
                new BearerTokenFilter(authenticator, rateLimiter, realm, metrics), realm, metrics);
        OptionalLong validations = builder.rateLimits.validationsPerSecond();
        this.validationLimiter = validations.isEmpty() ? Optional.empty() : Optional.of(
                new ClientRateLimiter(clock, validations.getAsLong(), ClientRateLimiter.DEFAULT_MAX_CLIENTS));
        this.authorization = new AuthorizationResource(
                new ApiTokenService(tokens, apiTokens, catalogue,
                        builder.rateLimits.defaultQuota(), builder.rateLimits.maxQuota(),
                        builder.rateLimits.maxApiTokensPerUser(), new ClientRateLimiter(clock,
                                builder.rateLimits.apiTokensPerSecond(), ClientRateLimiter.DEFAULT_MAX_CLIENTS),
                        realm, audit, metrics, clock),
                new TokenValidator(authenticator, validationLimiter, realm, audit, metrics),
                permissionCheck, catalogue, clock);
        this.introspection = new IntrospectionResource(new TokenIntrospector(authenticator, metrics),
                builder.tokenSettings.issuer(), guards);
        this.changes = new ChangesResource(guards.streams());
        this.clientAddresses = new ClientAddressFilter(new ClientResolver(new ClientAddresses(builder.trustedProxies),
                new ClientKeys(throttling.ipv6PrefixLength())), jettyRequest);
    }

    /** @return a builder to collect the application's collaborators */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Forgets request counts of past windows, failed-login counts that can no longer throttle and
     * expired known clients:
     * the caller runs it on a schedule, so that this state stays bounded.
     */
    public void purgeExpiredState() {
        rateLimiter.purge();
        validationLimiter.ifPresent(ClientRateLimiter::purge);
        throttle.purge();
    }

    /**
     * @return the Jersey application: the contract's resources and security, {@code /openapi.yaml},
     *     {@code /docs}, and (unless they have a port of their own) {@code /metrics} and {@code /health}
     */
    public ResourceConfig resourceConfig() {
        ResourceConfig config = commonProviders(new ResourceConfig())
                .register(authentication)
                .register(authorization)
                .register(introspection)
                .register(changes)
                .register(contractSecurity)
                .register(clientAddresses)
                .register(new RateLimitHeaders())
                .register(new ContractResource(contract))
                .register(DocsResource.fromClassPath());
        return operationsOnApiPort ? withOperations(config) : config;
    }

    /** @return {@link #resourceConfig()} in Jersey's Jetty container, which tells its filters the Jetty request */
    public Handler jettyContainer() {
        return JettyServers.container(resourceConfig(), jettyRequest);
    }

    /** @return the application of the operations port: {@code /metrics} and {@code /health} alone */
    public ResourceConfig operationsResourceConfig() {
        return withOperations(commonProviders(new ResourceConfig()));
    }

    /** @return the registry every meter of the application is in */
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    private ResourceConfig withOperations(ResourceConfig config) {
        return config.register(new HealthResource(readiness)).register(new MetricsResource(meterRegistry));
    }

    private ResourceConfig commonProviders(ResourceConfig config) {
        ErrorResponses errors = new ErrorResponses();
        return config
                .register(new RequestTiming())
                .register(new RequestLogFilter())
                .register(new RequestMetricsFilter(meterRegistry))
                // Jersey's own Jackson mappers answer bad JSON in plain text with parser internals.
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new StrictObjectMapper())
                .register(new ApiProblemMapper(errors))
                .register(new WebApplicationExceptionMapper(errors))
                .register(new JsonProcessingExceptionMapper(errors))
                .register(new HeaderValueExceptionMapper(errors))
                .register(new ClientAbortMapper(errors))
                .register(new UnexpectedExceptionMapper(errors))
                .register(new BareErrorResponseFilter(errors))
                .register(new RequestBodyLimit(RequestBodyLimit.DEFAULT_MAX_BYTES))
                .register(new SecurityHeadersFilter())
                .register(new OptionsResponseFilter())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                .property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true)
                .property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
    }

    /** Collects the collaborators of the application. */
    public static final class Builder {
        private UserDirectory users;
        private LoginFailureStore loginFailures;
        private KnownClientStore knownClients;
        private RevocationStore revocations;
        private ApiTokenStore apiTokens;
        private QuotaLedger quotas;
        private PermissionCatalogue permissions = PermissionCatalogue.defaults();
        private List<String> trustedProxies = List.of();
        private RateLimitSettings rateLimits = RateLimitSettings.defaults();
        private ThrottleSettings throttling = ThrottleSettings.defaults();
        private PasswordHasher hasher;
        private DecoyHash decoy;
        private KeyRing keys;
        private TokenSettings tokenSettings;
        private String realm = TokenIssuingSettings.defaults().realm();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private PrometheusMeterRegistry meterRegistry;
        private ReadinessCheck readiness = ReadinessCheck.ALWAYS;
        private boolean operationsOnApiPort = true;
        private GuardFeeding guards;

        private Builder() {
        }

        /** The registry to count in; by default one of the application's own. */
        public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** What {@code GET /health/ready} asks; by default always ready. */
        public Builder readiness(ReadinessCheck readiness) {
            this.readiness = readiness;
            return this;
        }

        /**
         * @param guards what the guarded services are served from, with the stores it was given already publishing
         *     their changes to it; without one, the application publishes the changes made through its own stores
         * @return this builder
         */
        public Builder guards(GuardFeeding guards) {
            this.guards = guards;
            return this;
        }

        /** Whether {@code /metrics} and {@code /health} are served with the API (by default) or on a port of their own. */
        public Builder operationsOnApiPort(boolean operationsOnApiPort) {
            this.operationsOnApiPort = operationsOnApiPort;
            return this;
        }

        /** The users who may log in. */
        public Builder users(UserDirectory users) {
            this.users = users;
            return this;
        }

        /** Where failed logins are counted. */
        public Builder loginFailures(LoginFailureStore loginFailures) {
            this.loginFailures = loginFailures;
            return this;
        }

        /** Where clients that logged in lately are remembered, so that throttling tells them apart. */
        public Builder knownClients(KnownClientStore knownClients) {
            this.knownClients = knownClients;
            return this;
        }

        /** Where logouts revoke tokens. */
        public Builder revocations(RevocationStore revocations) {
            this.revocations = revocations;
            return this;
        }

        /** Where API tokens are recorded, and revoked. */
        /** @param quotas where every instance takes its share of each token's quota */
        public Builder quotas(QuotaLedger quotas) {
            this.quotas = quotas;
            return this;
        }

        public Builder apiTokens(ApiTokenStore apiTokens) {
            this.apiTokens = apiTokens;
            return this;
        }

        /** The permissions, roles and other services' operations; by default the catalogue the server ships with. */
        public Builder permissions(PermissionCatalogue permissions) {
            this.permissions = Objects.requireNonNull(permissions, "permissions");
            return this;
        }

        /** Addresses or CIDR blocks of proxies whose {@code X-Forwarded-For} is believed. */
        public Builder trustedProxies(List<String> trustedProxies) {
            this.trustedProxies = List.copyOf(trustedProxies);
            return this;
        }

        /** The quota of a token whose login asks for none, and the most a login may ask for. */
        public Builder rateLimits(RateLimitSettings rateLimits) {
            this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
            return this;
        }

        /** How failed logins are throttled per username and per client, and how IPv6 clients are counted. */
        public Builder throttling(ThrottleSettings throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /** How passwords are checked. */
        public Builder hasher(PasswordHasher hasher) {
            this.hasher = hasher;
            return this;
        }

        /** What an unknown user's password is checked against, at the cost of most stored hashes. */
        public Builder decoy(DecoyHash decoy) {
            this.decoy = decoy;
            return this;
        }

        /** The keys tokens are signed and verified with. */
        public Builder keys(KeyRing keys) {
            this.keys = keys;
            return this;
        }

        /** The issuer, lifetime and clock skew of tokens. */
        public Builder tokenSettings(TokenSettings tokenSettings) {
            this.tokenSettings = tokenSettings;
            return this;
        }

        /** The realm of {@code WWW-Authenticate} challenges. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** The time of token issuing and checking, throttling and quotas. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where token ids come from. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** @return the application */
        public XiqAuthApplication build() {
            return new XiqAuthApplication(this);
        }
    }
}
