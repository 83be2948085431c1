package dev.xiqauth.server.metrics;

import dev.xiqauth.server.audit.AuthMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Counts authentication outcomes in a Micrometer registry (see the README's metrics table). */
public final class MicrometerAuthMetrics implements AuthMetrics {
    private final MeterRegistry registry;
    /** Each counter once per name and tags: a check counts its outcome with a map look-up, not a registration. */
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Counter logouts;
    private final Counter apiTokensGenerated;

    /**
     * Registers every series at zero, so that rates and alerts see them before the first event.
     *
     * @param registry where to count
     */
    public MicrometerAuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        counter("xiq.auth.logins", "Login attempts by outcome and reason", "outcome", "success", "reason", "none");
        for (String reason : new String[] {"invalid_credentials", "throttled"}) {
            counter("xiq.auth.logins", "Login attempts by outcome and reason", "outcome", "failure", "reason", reason);
        }
        this.logouts = Counter.builder("xiq.auth.logouts").description("Tokens revoked by logout").register(registry);
        for (String result : new String[] {"valid", "missing", "invalid", "revoked", "user_refused"}) {
            counter("xiq.auth.token.verifications", "Bearer tokens checked, by result", "result", result, null, null);
        }
        // The refusals whose operation is fixed; a token's quota and a missing permission are counted by the
        // operation refused, whose series appear with the first.
        for (String[] refusal : new String[][] {{"login", "login_failures"}, {"login", "hashing_busy"},
            {"validateApiToken", "validations"}, {"generateApiToken", "api_tokens_per_user"}}) {
            counter("xiq.auth.throttled.requests", "Requests refused to protect the service", "operation", refusal[0],
                    "cause", refusal[1]);
        }
        this.apiTokensGenerated = Counter.builder("xiq.auth.api.tokens.generated").description("API tokens generated")
                .register(registry);
    }

    @Override
    public void loginSucceeded() {
        counter("xiq.auth.logins", "Login attempts by outcome and reason", "outcome", "success", "reason", "none")
                .increment();
    }

    @Override
    public void loginFailed(String reason) {
        counter("xiq.auth.logins", "Login attempts by outcome and reason", "outcome", "failure", "reason", reason)
                .increment();
    }

    @Override
    public void loggedOut() {
        logouts.increment();
    }

    @Override
    public void tokenChecked(String result) {
        counter("xiq.auth.token.verifications", "Bearer tokens checked, by result", "result", result, null, null)
                .increment();
    }

    @Override
    public void throttled(String operation, String cause) {
        counter("xiq.auth.throttled.requests", "Requests refused to protect the service", "operation", operation,
                "cause", cause).increment();
    }

    @Override
    public void accessDenied(String operation) {
        counter("xiq.auth.access.denied", "Valid tokens refused an operation for a missing permission", "operation",
                operation, null, null).increment();
    }

    @Override
    public void apiTokenGenerated() {
        apiTokensGenerated.increment();
    }

    /** @return the counter of a name and tags, registered at its first use and found again after */
    private Counter counter(String name, String description, String key1, String value1, String key2, String value2) {
        List<String> id = key2 == null ? List.of(name, key1, value1) : List.of(name, key1, value1, key2, value2);
        return counters.computeIfAbsent(id, ignored -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag(key1, value1);
            if (key2 != null) {
                builder.tag(key2, value2);
            }
            return builder.register(registry);
        });
    }
}
