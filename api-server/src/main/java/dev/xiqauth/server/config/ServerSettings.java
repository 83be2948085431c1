package dev.xiqauth.server.config;

import dev.xiqauth.server.auth.ClientAddresses;
import dev.xiqauth.server.auth.RateLimitPolicy;
import dev.xiqauth.server.store.StoreSettings;
import dev.xiqauth.server.user.Argon2Parameters;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a running server, validated when built: a server never starts on a setting it
 * cannot honour.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param dataDir where the embedded database lives
 * @param store the database of users, revocations and signing keys
 * @param publicUrl the URL clients reach the server at, when it differs from the listening address
 * @param issuer the {@code iss} of tokens; when absent, the public URL
 * @param tokenLifetime how long issued tokens are valid
 * @param realm the realm named in {@code WWW-Authenticate} challenges
 * @param signingKeyFile a file holding the signing key, when configured
 * @param argon2 the cost of password hashes
 * @param shutdownGrace how long in-flight requests may take to finish at shutdown
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is believed
 * @param defaultQuota the quota of tokens whose login asks for none
 * @param maxQuota the most quota a login may ask for; more is capped
 * @param hashConcurrency password hashes computed at once
 * @param hashQueue logins allowed to wait for a hash; more are answered 503 at once
 * @param workerThreads request threads
 * @param operationsPort the port of {@code /metrics} and {@code /health}, when not the API's own
 * @param operationsHost the address of that port, when not the API's
 */
public record ServerSettings(String host, int port, Path dataDir, StoreSettings store, Optional<URI> publicUrl,
        Optional<String> issuer, Duration tokenLifetime, String realm, Optional<Path> signingKeyFile,
        Argon2Parameters argon2, Duration shutdownGrace, List<String> trustedProxies, RateLimitPolicy defaultQuota,
        RateLimitPolicy maxQuota, int hashConcurrency, int hashQueue, int workerThreads,
        Optional<Integer> operationsPort, Optional<String> operationsHost) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        Objects.requireNonNull(argon2, "argon2");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        trustedProxies = List.copyOf(trustedProxies);
        new ClientAddresses(trustedProxies);
        Objects.requireNonNull(defaultQuota, "defaultQuota");
        Objects.requireNonNull(maxQuota, "maxQuota");
        if (hashConcurrency < 1 || hashQueue < 0) {
            throw new IllegalArgumentException("--hash-concurrency must be at least 1 and --hash-queue at least 0");
        }
        if (workerThreads < hashConcurrency + hashQueue + 2) {
            throw new IllegalArgumentException("--worker-threads must exceed --hash-concurrency plus --hash-queue by "
                    + "at least 2, so that waiting logins never take every request thread; got " + workerThreads);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        Objects.requireNonNull(operationsPort, "operationsPort");
        Objects.requireNonNull(operationsHost, "operationsHost");
        if (operationsHost.isPresent() && operationsPort.isEmpty()) {
            throw new IllegalArgumentException("--ops-host needs --ops-port");
        }
        operationsPort.ifPresent(opsPort -> {
            if (opsPort < 0 || opsPort > 65_535 || opsPort == port && port != 0) {
                throw new IllegalArgumentException("--ops-port must be between 0 and 65535 and differ from --port, got "
                        + opsPort);
            }
        });
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--token-lifetime must be between 1 and " + Integer.MAX_VALUE
                    + " seconds, got " + tokenLifetime.getSeconds());
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("--shutdown-grace must not be negative, got " + shutdownGrace);
        }
        publicUrl.ifPresent(url -> {
            if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("--public-url must be an absolute http(s) URL, got " + url);
            }
        });
    }

    /**
     * @param boundPort the port actually listened on
     * @return the issuer of tokens: the configured one, else the public URL, else the local URL
     */
    public String issuerFor(int boundPort) {
        return issuer.orElseGet(() -> publicUrl.map(URI::toString).orElse("http://localhost:" + boundPort));
    }
}
