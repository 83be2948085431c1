package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import dev.xiqauth.server.http.ClientAddresses;
import dev.xiqauth.server.http.HttpLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the server listens.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param operationsPort the port of {@code /metrics} and {@code /health}, when not the API's own
 * @param operationsHost the address of that port, when not the API's
 * @param publicUrl the URL clients reach the server at, when it differs from the listening address
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is believed
 * @param workerThreads request threads
 * @param shutdownGrace how long in-flight requests may take to finish at shutdown
 * @param limits how long and how much a client may take to send a request, and its connections
 * @param tls HTTPS on the API's port, when configured
 */
public record HttpSettings(String host, int port, Optional<Integer> operationsPort, Optional<String> operationsHost,
        Optional<URI> publicUrl, List<String> trustedProxies, int workerThreads, Duration shutdownGrace,
        HttpLimits limits, Optional<TlsSettings> tls) {
    /** Request threads unless configured: enough that logins waiting for a hash leave others some. */
    public static final int DEFAULT_WORKER_THREADS = 64;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operationsPort, "operationsPort");
        Objects.requireNonNull(operationsHost, "operationsHost");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
        trustedProxies = List.copyOf(trustedProxies);
        require(port >= 0 && port <= 65_535, "--port must be between 0 and 65535, got " + port);
        require(operationsHost.isEmpty() || operationsPort.isPresent(), "--ops-host needs --ops-port");
        operationsPort.ifPresent(opsPort -> require(opsPort >= 0 && opsPort <= 65_535 && (opsPort != port || port == 0),
                "--ops-port must be between 0 and 65535 and differ from --port, got " + opsPort));
        publicUrl.ifPresent(url -> require(url.isAbsolute() && ("http".equals(url.getScheme())
                || "https".equals(url.getScheme())), "--public-url must be an absolute http(s) URL, got " + url));
        ClientAddresses.requireValid(trustedProxies);
        require(workerThreads >= 1, "--worker-threads must be at least 1, got " + workerThreads);
        require(!shutdownGrace.isNegative(), "--shutdown-grace must not be negative, got " + shutdownGrace);
    }

    /** @return listening on every address at port 8081, as the command line does by default */
    public static HttpSettings defaults() {
        return new HttpSettings("0.0.0.0", 8081, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                DEFAULT_WORKER_THREADS, Duration.ofSeconds(10), HttpLimits.DEFAULTS, Optional.empty());
    }

    /** @return these settings listening on the given address and port */
    public HttpSettings withAddress(String newHost, int newPort) {
        return new HttpSettings(newHost, newPort, operationsPort, operationsHost, publicUrl, trustedProxies,
                workerThreads, shutdownGrace, limits, tls);
    }

    /** @return these settings serving {@code /metrics} and {@code /health} on a port and address of their own */
    public HttpSettings withOperationsAddress(String newHost, int newPort) {
        return new HttpSettings(host, port, Optional.of(newPort), Optional.of(newHost), publicUrl, trustedProxies,
                workerThreads, shutdownGrace, limits, tls);
    }

    /** @return these settings believing {@code X-Forwarded-For} from the given proxies */
    public HttpSettings withTrustedProxies(List<String> proxies) {
        return new HttpSettings(host, port, operationsPort, operationsHost, publicUrl, proxies, workerThreads,
                shutdownGrace, limits, tls);
    }

    /** @return these settings serving the API over HTTPS */
    public HttpSettings withTls(TlsSettings newTls) {
        return new HttpSettings(host, port, operationsPort, operationsHost, publicUrl, trustedProxies, workerThreads,
                shutdownGrace, limits, Optional.of(newTls));
    }

    /** @return the URL of the server on this machine: localhost on the bound port, {@code https} with TLS */
    public URI localUrlFor(int boundPort) {
        return URI.create((tls.isPresent() ? "https" : "http") + "://localhost:" + boundPort + "/");
    }

    /** @return the URL clients reach the server at: the configured one, else {@link #localUrlFor} without its slash */
    public URI publicUrlFor(int boundPort) {
        return publicUrl.orElseGet(() -> URI.create(localUrlFor(boundPort).toString().replaceAll("/$", "")));
    }

    /** @return these settings with the given number of request threads */
    public HttpSettings withWorkerThreads(int threads) {
        return new HttpSettings(host, port, operationsPort, operationsHost, publicUrl, trustedProxies, threads,
                shutdownGrace, limits, tls);
    }

    /** @return these settings with the given shutdown grace */
    public HttpSettings withShutdownGrace(Duration grace) {
        return new HttpSettings(host, port, operationsPort, operationsHost, publicUrl, trustedProxies, workerThreads,
                grace, limits, tls);
    }

    /** @return these settings with the given request limits */
    public HttpSettings withLimits(HttpLimits newLimits) {
        return new HttpSettings(host, port, operationsPort, operationsHost, publicUrl, trustedProxies, workerThreads,
                shutdownGrace, newLimits, tls);
    }
}
