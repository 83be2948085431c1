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
    }

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

    /** @return the Jersey application: resources, the contract's security, JSON mapping and error mappers */
    public ResourceConfig resourceConfig() {
        AccessTokenService tokens = new AccessTokenService(keys, tokenSettings, realm, clock, random);
        AuditLog audit = new AuditLog();
        LoginService login = new LoginService(users, hasher, tokens, throttle, defaultQuota, maxQuota, audit);
        LogoutService logout = new LogoutService(revocations, realm, audit);
        ErrorResponses errors = new ErrorResponses();

        return new ResourceConfig()
                .register(new AuthenticationResource(login, logout, LoginRequestLimits.CONTRACT))
                .register(new ContractSecurityFeature(ContractSecurity.fromPackagedContract(),
                        new BearerTokenFilter(new TokenAuthenticator(tokens, revocations, users, realm), rateLimiter,
                                realm)))
                .register(new ClientAddressFilter(new ClientAddresses(trustedProxies)))
                .register(new RateLimitHeaders())
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
                .property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
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

        private Builder() {
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
