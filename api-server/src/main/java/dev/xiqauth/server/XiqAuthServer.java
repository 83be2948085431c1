package dev.xiqauth.server;

import dev.xiqauth.server.admin.AdminContext;
import dev.xiqauth.server.admin.AdminException;
import dev.xiqauth.server.admin.KeysCommand;
import dev.xiqauth.server.admin.PasswordReader;
import dev.xiqauth.server.admin.PermissionsCommand;
import dev.xiqauth.server.admin.RolesCommand;
import dev.xiqauth.server.admin.TokensCommand;
import dev.xiqauth.server.admin.UsersCommand;
import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.HashingOptions;
import dev.xiqauth.server.config.HashingSettings;
import dev.xiqauth.server.config.HttpSettings;
import dev.xiqauth.server.config.PermissionOptions;
import dev.xiqauth.server.config.RateLimitSettings;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.config.ThrottleSettings;
import dev.xiqauth.server.config.TlsSettings;
import dev.xiqauth.server.config.TokenIssuingSettings;
import dev.xiqauth.server.http.HttpLimits;
import dev.xiqauth.server.logging.LogFormat;
import dev.xiqauth.server.logging.LoggingSetup;
import dev.xiqauth.server.logging.RequestLog;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import sun.misc.Signal;

/**
 * The server's command line. Without a subcommand it runs the server; {@code users} and {@code keys}
 * manage the same configured store. Every setting is a flag; a flag not given falls back to its
 * environment variable, then to the config file, then to its default (see {@link ConfigSources}).
 * Secrets are read from the environment only.
 */
@Command(name = "xiq-auth-server", mixinStandardHelpOptions = true, versionProvider = ServerVersion.class,
        scope = ScopeType.INHERIT, sortOptions = false,
        description = "Serves the ExtremeCloud IQ Authentication API (POST /login, POST /logout).",
        footer = {"", "Secrets, from the environment only (NAME, or NAME_FILE naming a file):",
            "  XIQ_AUTH_SIGNING_KEY           base64 HS256 key: 32 or more random bytes (openssl rand -base64 32)",
            "                                 (default: the keys in the store)",
            "  XIQ_AUTH_BOOTSTRAP_USERNAME    the first user, created when there is none",
            "  XIQ_AUTH_BOOTSTRAP_PASSWORD    that user's password",
            "  XIQ_AUTH_DB_USER, XIQ_AUTH_DB_PASSWORD   credentials of the --db-url database"})
public final class XiqAuthServer implements Callable<Integer> {
    private final Secrets secrets;
    private final PrintStream console;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of settings, keyed by the long flags without their dashes, for example "
                    + "port=8081 (env XIQ_AUTH_CONFIG). Flags and environment variables take precedence over it.")
    private Path configFile;

    @Option(names = "--log-level", scope = ScopeType.INHERIT,
            description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF (env XIQ_AUTH_LOG_LEVEL, default INFO for the server, "
                    + "WARN for the admin commands, whose log lines go to standard error).")
    private LogLevel logLevel;

    @Option(names = "--log-format", defaultValue = "plain", scope = ScopeType.INHERIT,
            description = "plain lines or json lines (env XIQ_AUTH_LOG_FORMAT, default ${DEFAULT-VALUE}).")
    private LogFormat logFormat;

    @Option(names = "--request-log", defaultValue = "errors",
            description = "Which requests the request log (logger xiq.access) records: all, errors (answered 4xx or "
                    + "5xx) or off (env XIQ_AUTH_REQUEST_LOG, default ${DEFAULT-VALUE}). A line for every request "
                    + "costs about a tenth of a token check's throughput.")
    private RequestLog requestLog;

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Address to listen on (env XIQ_AUTH_HOST, default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "8081",
            description = "Port to listen on; 0 picks a free one (env XIQ_AUTH_PORT, default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--ops-port", description = "Port of /metrics and /health on their own, for example one that only "
            + "the monitoring network reaches (env XIQ_AUTH_OPS_PORT, default: served on --port with the API).")
    private Integer opsPort;

    @Option(names = "--ops-host", description = "Address of --ops-port, for example 127.0.0.1 or the monitoring "
            + "network's (env XIQ_AUTH_OPS_HOST, default --host).")
    private String opsHost;

    @Option(names = "--tls-cert-file", paramLabel = "FILE",
            description = "Serve the API over HTTPS (TLS 1.3 and 1.2) with this PEM certificate chain: the server's "
                    + "certificate first, then its intermediates, as an ACME client's fullchain.pem (env "
                    + "XIQ_AUTH_TLS_CERT_FILE; needs --tls-key-file). Read again when it changes: a renewal needs no "
                    + "restart. --ops-port stays plain HTTP.")
    private Path tlsCertFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE",
            description = "The private key of --tls-cert-file, PEM, unencrypted (PKCS #8, PKCS #1 or SEC 1), in a "
                    + "file only the server's user can read (env XIQ_AUTH_TLS_KEY_FILE).")
    private Path tlsKeyFile;

    @Mixin
    private final StoreOptions store;

    @Mixin
    private final PermissionOptions permissions;

    @Option(names = "--public-url",
            description = "URL clients reach the server at (env XIQ_AUTH_PUBLIC_URL, default http://localhost:<port>).")
    private URI publicUrl;

    @Option(names = "--issuer",
            description = "The iss claim of tokens (env XIQ_AUTH_ISSUER, default the public URL).")
    private String issuer;

    @Option(names = "--token-lifetime", defaultValue = "86400",
            description = "Token lifetime in seconds (env XIQ_AUTH_TOKEN_LIFETIME, default ${DEFAULT-VALUE}).")
    private long tokenLifetimeSeconds;

    @Option(names = "--realm", defaultValue = "xiq",
            description = "Realm of the WWW-Authenticate challenge (env XIQ_AUTH_REALM, default ${DEFAULT-VALUE}).")
    private String realm;

    @Option(names = "--signing-key-file",
            description = "File holding the base64 signing key (env XIQ_AUTH_SIGNING_KEY_FILE, "
                    + "default the keys in the store, which 'keys rotate' manages).")
    private Path signingKeyFile;

    @Mixin
    private HashingOptions hashing;

    @Option(names = "--trusted-proxies", split = ",",
            description = "Comma-separated addresses or CIDR blocks of proxies whose X-Forwarded-For is believed "
                    + "(env XIQ_AUTH_TRUSTED_PROXIES, default none: the socket peer is the client).")
    private List<String> trustedProxies;

    @Option(names = "--ipv6-prefix-length", defaultValue = "64",
            description = "Leading bits of an IPv6 address that name one client when failed logins are counted, 32 "
                    + "to 128; IPv4 clients are counted by their full address (env XIQ_AUTH_IPV6_PREFIX_LENGTH, default "
                    + "${DEFAULT-VALUE}).")
    private int ipv6PrefixLength;

    @Option(names = "--rate-limit-hour", defaultValue = "7500",
            description = "Requests per hour of a token whose login asks for no rate_limit (env "
                    + "XIQ_AUTH_RATE_LIMIT_HOUR, default ${DEFAULT-VALUE}, as XIQ).")
    private long defaultPerHour;

    @Option(names = "--rate-limit-max-hour", defaultValue = "7500",
            description = "The most requests per hour a login may ask for; more is capped (env "
                    + "XIQ_AUTH_RATE_LIMIT_MAX_HOUR, default ${DEFAULT-VALUE}).")
    private long maxPerHour;

    @Option(names = "--rate-limit-max-second",
            description = "The most requests per second a token may make (env XIQ_AUTH_RATE_LIMIT_MAX_SECOND, "
                    + "default unlimited unless the login asks for a limit).")
    private Long maxPerSecond;

    @Option(names = "--validate-rate-limit", defaultValue = "0",
            description = "Token validations (POST /auth/apitoken/:validate, which needs no credentials) each client "
                    + "address may make per second; 0 for no limit (env XIQ_AUTH_VALIDATE_RATE_LIMIT, default "
                    + "${DEFAULT-VALUE}: a service behind this server may check every request it serves).")
    private long validationsPerSecond;

    @Option(names = "--max-api-tokens-per-user", defaultValue = "1000",
            description = "The most API tokens, not expired, that one user may hold; generating more is refused with "
                    + "403 API_TOKEN_LIMIT until some are revoked or expire (env XIQ_AUTH_MAX_API_TOKENS_PER_USER, "
                    + "default ${DEFAULT-VALUE}).")
    private int maxApiTokensPerUser;

    @Option(names = "--api-tokens-per-second", defaultValue = "5",
            description = "API tokens each user may generate per second, on each instance; more are answered 429 "
                    + "(env XIQ_AUTH_API_TOKENS_PER_SECOND, default ${DEFAULT-VALUE}).")
    private int apiTokensPerSecond;

    @Option(names = "--hash-concurrency",
            description = "Password hashes computed at once (env XIQ_AUTH_HASH_CONCURRENCY, default the number of cores).")
    private Integer hashConcurrency;

    @Option(names = "--hash-queue",
            description = "Logins allowed to wait for a hash; more are answered 503, after a second (env "
                    + "XIQ_AUTH_HASH_QUEUE, default the hash concurrency: one waiting per hash running).")
    private Integer hashQueue;

    @Option(names = "--worker-threads",
            description = "Request threads (env XIQ_AUTH_WORKER_THREADS, default 64, or more on machines with many "
                    + "cores: always 16 more than hashing may hold).")
    private Integer workerThreads;

    @Option(names = "--http-head-timeout", defaultValue = "10",
            description = "Seconds a client may take to send a request's line and headers; later, the connection is "
                    + "closed (env XIQ_AUTH_HTTP_HEAD_TIMEOUT, default ${DEFAULT-VALUE}).")
    private long headTimeoutSeconds;

    @Option(names = "--http-body-timeout", defaultValue = "5",
            description = "Seconds a client may take to send a request's body once its headers are in; later, 408 "
                    + "and the connection closed (env XIQ_AUTH_HTTP_BODY_TIMEOUT, default ${DEFAULT-VALUE}).")
    private long bodyTimeoutSeconds;

    @Option(names = "--keep-alive-timeout", defaultValue = "30",
            description = "Seconds an idle connection is kept open between requests (env XIQ_AUTH_KEEP_ALIVE_TIMEOUT, "
                    + "default ${DEFAULT-VALUE}).")
    private long keepAliveSeconds;

    @Option(names = "--max-connections-per-client", defaultValue = "256",
            description = "Open connections one client address may hold; more are closed at once; 0 for no limit; "
                    + "trusted proxies are exempt (env XIQ_AUTH_MAX_CONNECTIONS_PER_CLIENT, default ${DEFAULT-VALUE}).")
    private int maxConnectionsPerClient;

    @Option(names = "--max-requests-in-progress", defaultValue = "256",
            description = "Requests held at once, from their admission to their answer, each with up to 64 KiB of "
                    + "body; more wait up to a second, then are answered 503 (env XIQ_AUTH_MAX_REQUESTS_IN_PROGRESS, "
                    + "default ${DEFAULT-VALUE}).")
    private int maxRequestsInProgress;

    @Option(names = "--max-requests-per-client", defaultValue = "32",
            description = "Of those, requests one client address (an IPv6 network) may hold; more are answered 503 at "
                    + "once; clients behind trusted proxies count apart (env XIQ_AUTH_MAX_REQUESTS_PER_CLIENT, default "
                    + "${DEFAULT-VALUE}).")
    private int maxRequestsPerClient;

    @Option(names = "--max-connections", defaultValue = "4096",
            description = "Open connections on the API's port; beyond it the oldest idle one is closed to make room; "
                    + "keep it below the process's file descriptor limit (env XIQ_AUTH_MAX_CONNECTIONS, default "
                    + "${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--exit-when-ready",
            description = "Start fully (settings, store, keys, listeners), then stop at once and exit 0: a check that "
                    + "the settings and the store work.")
    private boolean exitWhenReady;

    @Option(names = "--shutdown-grace", defaultValue = "10",
            description = "Seconds requests in flight may take to finish at shutdown (env XIQ_AUTH_SHUTDOWN_GRACE, "
                    + "default ${DEFAULT-VALUE}).")
    private long shutdownGraceSeconds;

    XiqAuthServer(Secrets secrets, PrintStream console, StoreOptions store, PermissionOptions permissions) {
        this.secrets = secrets;
        this.console = console;
        this.store = store;
        this.permissions = permissions;
    }

    /**
     * Runs the server until the process is asked to stop (SIGTERM or Ctrl-C: a graceful stop, then exit
     * status 0), or runs an admin command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        LoggingSetup.routeJavaUtilLogging();
        int status;
        try {
            ConfigSources sources = ConfigSources.load(List.of(args), System.getenv());
            status = commandLine(new Secrets(System.getenv()), sources, System.in, System.out, Clock.systemUTC(),
                    root -> needsAdminCommands(root, List.of(args))).execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("xiq-auth-server: " + e.getMessage());
            status = 2;
        }
        System.exit(status); // a stopped server's status, 0, rather than the signal's 143 or 130
    }

    /** Root log levels, by Logback's names. */
    enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR, OFF }

    /** @return the command line with no settings but flags and defaults: for tests */
    static CommandLine commandLine(Secrets secrets, InputStream stdin, PrintStream out, Clock clock) {
        return commandLine(secrets, ConfigSources.none(), stdin, out, clock);
    }

    /**
     * The whole command line, with its subcommands: what {@link #main} runs, and what tests run.
     *
     * @param secrets the environment's secrets
     * @param sources where settings not given as flags come from
     * @param stdin where admin commands read passwords when there is no terminal
     * @param out where results and the first user's password go
     * @param clock the time of admin changes
     * @return the command line
     * @throws IllegalArgumentException if the config file names a setting that does not exist
     */
    static CommandLine commandLine(Secrets secrets, ConfigSources sources, InputStream stdin, PrintStream out,
            Clock clock) {
        return commandLine(secrets, sources, stdin, out, clock, root -> true);
    }

    /**
     * Whether a launch needs the admin commands on its command line. Picocli builds the whole model of a
     * subcommand (reflection over each option of each nested command) when it is added: 1.5 s of a start on
     * one core, before the server could begin. They are left out only when every argument is one of the
     * root's options that neither asks for the usage nor the version (which list them), followed by its value
     * if it takes one; any other argument (a command's name, a word picocli would suggest a command for, an
     * argument file, an option it does not know) gets the whole command line, and its answer.
     *
     * @param root the root command's model
     * @param args the launch's arguments
     * @return false only when the arguments run the server
     */
    static boolean needsAdminCommands(CommandSpec root, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                return true;
            }
            int equals = arg.indexOf('=');
            OptionSpec option = root.findOption(equals < 0 ? arg : arg.substring(0, equals));
            if (option == null || option.usageHelp() || option.versionHelp()
                    || option.arity().min() != option.arity().max()) {
                return true;
            }
            if (equals < 0 && option.arity().max() > 0) {
                i++; // its value, whatever it looks like
            }
        }
        return false;
    }

    private static CommandLine commandLine(Secrets secrets, ConfigSources sources, InputStream stdin, PrintStream out,
            Clock clock, Predicate<CommandSpec> withAdminCommands) {
        StoreOptions store = new StoreOptions();
        PermissionOptions permissions = new PermissionOptions();
        CommandLine commandLine = new CommandLine(new XiqAuthServer(secrets, out, store, permissions));
        if (withAdminCommands.test(commandLine.getCommandSpec())) {
            AdminContext admin = new AdminContext(secrets, new PasswordReader(System.console(), stdin, out), out,
                    clock, CompositionRoot.storeOpener(clock));
            commandLine.addSubcommand(new UsersCommand(admin, store, permissions))
                    .addSubcommand(new KeysCommand(admin, store))
                    .addSubcommand(new TokensCommand(admin, store))
                    .addSubcommand(new RolesCommand(admin, permissions))
                    .addSubcommand(new PermissionsCommand(admin, permissions));
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setExecutionStrategy(parseResult -> {
            if (parseResult.hasSubcommand()) {
                ((XiqAuthServer) parseResult.commandSpec().userObject()).logAsAnAdminCommand();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setDefaultValueProvider(sources);
        sources.acceptSettings(commandLine.getCommandSpec().options().stream()
                .map(ConfigSources::settingName).flatMap(Optional::stream).collect(Collectors.toSet()));
        commandLine.setParameterExceptionHandler((exception, args) -> {
            // One clear line naming the setting and where its value came from; no usage dump.
            String origin = exception.getArgSpec() instanceof OptionSpec option
                    ? sources.originOf(option).map(from -> " (from " + from + ")").orElse("") : "";
            exception.getCommandLine().getErr().println("xiq-auth-server: " + exception.getMessage() + origin
                    + "; see --help");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            // One clear line, no stack trace: the settings or the store are wrong, not the program.
            String reason = exception instanceof AdminException || exception instanceof IllegalArgumentException
                    || exception instanceof IllegalStateException || exception instanceof IOException
                    ? exception.getMessage() : exception.toString();
            line.getErr().println("xiq-auth-server: " + reason);
            return exception instanceof AdminException ? 1 : 2;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = settings();
        LoggingSetup.apply(logLevel == null ? LogLevel.INFO.name() : logLevel.name(), logFormat, requestLog);
        RunningServer server = CompositionRoot.start(settings, secrets, Clock.systemUTC(), console);
        if (exitWhenReady) {
            server.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stopAndExit = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            int status = 1; // unless the stop ends cleanly; even an Error (a class the stop needs, gone) ends the process
            try {
                server.close(); // graceful: listeners stop, requests in flight finish within --shutdown-grace
                status = 0;
            } catch (RuntimeException e) {
                System.err.println("xiq-auth-server: the server did not stop cleanly: " + e);
            } finally {
                System.out.flush();
                System.err.flush();
                // A clean stop ends with status 0, as service managers and terminals expect, not with the JVM's
                // 143 (SIGTERM) or 130 (Ctrl-C). The server is stopped, its store closed and its logs written:
                // nothing is left for the JVM's own exit to do (H2's hook finds its database closed already).
                Runtime.getRuntime().halt(status);
            }
        };
        // SIGTERM and Ctrl-C stop the server before the JVM begins its shutdown: H2's own shutdown hook
        // (AUTO_SERVER needs DB_CLOSE_ON_EXIT) would otherwise close the store under the requests that the stop
        // lets finish. The hook stays for any other way the JVM ends.
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), received -> stopAndExit.run());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stopAndExit, "shutdown"));
        stopped.await(); // the hook ends the process
        return 0;
    }

    /** An admin command's standard output carries its result alone: its logs go to standard error, quiet. */
    private void logAsAnAdminCommand() {
        LoggingSetup.applyToStandardError(logLevel == null ? LogLevel.WARN.name() : logLevel.name(), logFormat);
    }

    ServerSettings settings() {
        int concurrency = hashConcurrency == null ? Runtime.getRuntime().availableProcessors() : hashConcurrency;
        int queue = hashQueue == null ? concurrency : hashQueue;
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together: give both, or neither");
        }
        Optional<TlsSettings> tls = tlsCertFile == null ? Optional.empty()
                : Optional.of(new TlsSettings(tlsCertFile, tlsKeyFile, TlsSettings.DEFAULT_RELOAD_CHECK));
        HttpSettings http = new HttpSettings(host, port, Optional.ofNullable(opsPort), Optional.ofNullable(opsHost),
                Optional.ofNullable(publicUrl), trustedProxies == null ? List.of() : trustedProxies,
                workerThreads == null ? Math.max(HttpSettings.DEFAULT_WORKER_THREADS, concurrency + queue + 16)
                        : workerThreads,
                Duration.ofSeconds(shutdownGraceSeconds), new HttpLimits(HttpLimits.DEFAULT_MAX_BODY_BYTES,
                        Duration.ofSeconds(headTimeoutSeconds), Duration.ofSeconds(bodyTimeoutSeconds),
                        Duration.ofSeconds(keepAliveSeconds), maxConnectionsPerClient, maxRequestsInProgress,
                        maxRequestsPerClient, maxConnections), tls);
        TokenIssuingSettings tokens = new TokenIssuingSettings(Optional.ofNullable(issuer),
                Duration.ofSeconds(tokenLifetimeSeconds), realm, Optional.ofNullable(signingKeyFile));
        OptionalLong maxSecond = maxPerSecond == null ? OptionalLong.empty() : OptionalLong.of(maxPerSecond);
        RateLimitSettings rateLimits = new RateLimitSettings(new RateLimitPolicy(defaultPerHour, OptionalLong.empty()),
                new RateLimitPolicy(maxPerHour, maxSecond), OptionalLong.empty())
                .withValidationsPerSecond(validationsPerSecond)
                .withMaxApiTokensPerUser(maxApiTokensPerUser)
                .withApiTokensPerSecond(apiTokensPerSecond);
        return new ServerSettings(http, store.storeSettings(secrets), tokens,
                new HashingSettings(hashing.parameters(), concurrency, queue),
                ThrottleSettings.defaults().withIpv6PrefixLength(ipv6PrefixLength), rateLimits, permissions.catalogue());
    }
}
