package dev.xiqauth.server;

import dev.xiqauth.server.auth.AccessTokenService;
import dev.xiqauth.server.auth.BearerTokenFilter;
import dev.xiqauth.server.auth.ContractSecurity;
import dev.xiqauth.server.auth.ContractSecurityFeature;
import dev.xiqauth.server.auth.LoginService;
import dev.xiqauth.server.auth.LogoutService;
import dev.xiqauth.server.auth.RevocationStore;
import dev.xiqauth.server.auth.TokenAuthenticator;
import dev.xiqauth.server.auth.KeyRing;
import dev.xiqauth.server.auth.TokenSettings;
import dev.xiqauth.server.error.ApiProblemMapper;
import dev.xiqauth.server.error.BareErrorResponseFilter;
import dev.xiqauth.server.error.ErrorResponses;
import dev.xiqauth.server.error.JsonProcessingExceptionMapper;
import dev.xiqauth.server.error.UnexpectedExceptionMapper;
import dev.xiqauth.server.error.WebApplicationExceptionMapper;
import dev.xiqauth.server.json.StrictObjectMapper;
import dev.xiqauth.server.resource.AuthenticationResource;
import dev.xiqauth.server.resource.LoginRequestLimits;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.UserDirectory;
import dev.xiqauth.server.auth.AuditLog;
import dev.xiqauth.server.auth.ClientAddressFilter;
import dev.xiqauth.server.auth.ClientAddresses;
import dev.xiqauth.server.auth.LoginFailureStore;
import dev.xiqauth.server.auth.LoginThrottle;
import dev.xiqauth.server.auth.RateLimitHeaders;
import dev.xiqauth.server.auth.RateLimitPolicy;
import dev.xiqauth.server.auth.ThrottlePolicy;
import dev.xiqauth.server.auth.TokenRateLimiter;
import dev.xiqauth.server.auth.AuthMetrics;
import dev.xiqauth.server.docs.ContractDocument;
import dev.xiqauth.server.docs.ContractResource;
import dev.xiqauth.server.docs.DocsResource;
import dev.xiqauth.server.metrics.MicrometerAuthMetrics;
import dev.xiqauth.server.ops.HealthResource;
import dev.xiqauth.server.ops.MetricsResource;
import dev.xiqauth.server.ops.ReadinessCheck;
import dev.xiqauth.server.ops.RequestLogFilter;
import dev.xiqauth.server.ops.RequestMetricsFilter;
import dev.xiqauth.server.ops.RequestTiming;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The composition root: the one place that builds the server's object graph from its
 * collaborators. {@link XiqAuthServer#main} and the tests both build the application here, so what
 * is tested is what runs.
 */
public final class XiqAuthApplication {
    private final UserDirectory users;
    private final LoginFailureStore loginFailures;
    private final List<String> trustedProxies;
    private final RateLimitPolicy defaultQuota;
    private final RateLimitPolicy maxQuota;
    private final PasswordHasher hasher;
    private final RevocationStore revocations;
    private final KeyRing keys;
    private final TokenSettings tokenSettings;
    private final String realm;
    private final Clock clock;
    private final SecureRandom random;
    private final TokenRateLimiter rateLimiter;
    private final LoginThrottle throttle;
    private final PrometheusMeterRegistry meterRegistry;
    private final AuthMetrics authMetrics;
    private final ReadinessCheck readiness;
    private final boolean operationsOnApiPort;

    private XiqAuthApplication(Builder builder) {
        this.users = Objects.requireNonNull(builder.users, "users");
        this.loginFailures = Objects.requireNonNull(builder.loginFailures, "loginFailures");
        this.trustedProxies = List.copyOf(builder.trustedProxies);
        this.defaultQuota = Objects.requireNonNull(builder.defaultQuota, "defaultQuota");
        this.maxQuota = Objects.requireNonNull(builder.maxQuota, "maxQuota");
        this.hasher = Objects.requireNonNull(builder.hasher, "hasher");
        this.revocations = Objects.requireNonNull(builder.revocations, "revocations");
        this.keys = Objects.requireNonNull(builder.keys, "keys");
        this.tokenSettings = Objects.requireNonNull(builder.tokenSettings, "tokenSettings");
        this.realm = Objects.requireNonNull(builder.realm, "realm");
        if (!realm.matches("[\\x20-\\x7E&&[^\"\\\\]]+")) {
            throw new IllegalArgumentException("the realm must be printable ASCII without quotes or backslashes");
        }
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.random = Objects.requireNonNull(builder.random, "random");
        this.rateLimiter = new TokenRateLimiter(clock);
        this.throttle = new LoginThrottle(loginFailures, builder.perUsername, builder.perAddress, clock);
        this.meterRegistry = builder.meterRegistry == null
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : builder.meterRegistry;
        this.authMetrics = new MicrometerAuthMetrics(meterRegistry);
        this.readiness = Objects.requireNonNull(builder.readiness, "readiness");
        this.operationsOnApiPort = builder.operationsOnApiPort;
    }

    /** @return a builder to collect the application's collaborators */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Forgets request counts of past windows and failed-login counts that can no longer throttle:
     * the caller runs it on a schedule, so that this state stays bounded.
     */
    public void purgeExpiredState() {
        rateLimiter.purge();
        throttle.purge();
    }

    /**
     * @return the Jersey application: the contract's resources and security, {@code /openapi.yaml},
     *     {@code /docs}, and (unless they have a port of their own) {@code /metrics} and {@code /health}
     */
    public ResourceConfig resourceConfig() {
        AccessTokenService tokens = new AccessTokenService(keys, tokenSettings, realm, clock, random);
        AuditLog audit = new AuditLog();
        LoginService login = new LoginService(users, hasher, tokens, throttle, defaultQuota, maxQuota, audit,
                authMetrics);
        LogoutService logout = new LogoutService(revocations, realm, audit, authMetrics);

        ContractDocument contract = ContractDocument.packaged();
        ResourceConfig config = commonProviders(new ResourceConfig())
                .register(new AuthenticationResource(login, logout, LoginRequestLimits.CONTRACT))
                .register(new ContractSecurityFeature(ContractSecurity.of(contract),
                        new BearerTokenFilter(new TokenAuthenticator(tokens, revocations, users, realm, authMetrics),
                                rateLimiter, realm, authMetrics)))
                .register(new ClientAddressFilter(new ClientAddresses(trustedProxies)))
                .register(new RateLimitHeaders())
                .register(new ContractResource(contract))
                .register(DocsResource.fromClassPath());
        return operationsOnApiPort ? withOperations(config) : config;
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
        private List<String> trustedProxies = List.of();
        private RateLimitPolicy defaultQuota = RateLimitPolicy.XIQ_DEFAULT;
        private RateLimitPolicy maxQuota = RateLimitPolicy.XIQ_DEFAULT;
        private ThrottlePolicy perUsername = ThrottlePolicy.PER_USERNAME;
        private ThrottlePolicy perAddress = ThrottlePolicy.PER_ADDRESS;
        private PasswordHasher hasher;
        private RevocationStore revocations;
        private KeyRing keys;
        private TokenSettings tokenSettings;
        private String realm = "xiq";
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private PrometheusMeterRegistry meterRegistry;
        private ReadinessCheck readiness = ReadinessCheck.ALWAYS;
        private boolean operationsOnApiPort = true;

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

        /** Whether {@code /metrics} and {@code /health} are served with the API (by default) or on a port of their own. */
        public Builder operationsOnApiPort(boolean operationsOnApiPort) {
            this.operationsOnApiPort = operationsOnApiPort;
            return this;
        }

        public Builder users(UserDirectory users) {
            this.users = users;
            return this;
        }

        public Builder loginFailures(LoginFailureStore loginFailures) {
            this.loginFailures = loginFailures;
            return this;
        }

        /** Addresses or CIDR blocks of proxies whose {@code X-Forwarded-For} is believed. */
        public Builder trustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
            return this;
        }

        /** The quota of a token whose login asks for none, and the most a login may ask for. */
        public Builder quotas(RateLimitPolicy defaultQuota, RateLimitPolicy maxQuota) {
            this.defaultQuota = defaultQuota;
            this.maxQuota = maxQuota;
            return this;
        }

        /** How failed logins are throttled per username and per client address. */
        public Builder throttling(ThrottlePolicy perUsername, ThrottlePolicy perAddress) {
            this.perUsername = Objects.requireNonNull(perUsername, "perUsername");
            this.perAddress = Objects.requireNonNull(perAddress, "perAddress");
            return this;
        }

        public Builder hasher(PasswordHasher hasher) {
            this.hasher = hasher;
            return this;
        }

        public Builder revocations(RevocationStore revocations) {
            this.revocations = revocations;
            return this;
        }

        public Builder keys(KeyRing keys) {
            this.keys = keys;
            return this;
        }

        public Builder tokenSettings(TokenSettings tokenSettings) {
            this.tokenSettings = tokenSettings;
            return this;
        }

        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public XiqAuthApplication build() {
            return new XiqAuthApplication(this);
        }
    }
}
