package dev.xiqauth.server;

import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.user.Argon2Parameters;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server's command line: every setting is a flag, and each flag falls back to an environment
 * variable and then to a default. Secrets are read from the environment only.
 */
@Command(name = "xiq-auth-server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves the ExtremeCloud IQ Authentication API (POST /login, POST /logout).",
        footer = {"", "Secrets, from the environment only (NAME, or NAME_FILE naming a file):",
            "  XIQ_AUTH_SIGNING_KEY           base64 HS256 key of at least 256 bits",
            "  XIQ_AUTH_BOOTSTRAP_USERNAME    the first user, created when there is none",
            "  XIQ_AUTH_BOOTSTRAP_PASSWORD    that user's password"})
public final class XiqAuthServer implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:XIQ_AUTH_HOST:-0.0.0.0}",
            description = "Address to listen on (env XIQ_AUTH_HOST, default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "${env:XIQ_AUTH_PORT:-8081}",
            description = "Port to listen on; 0 picks a free one (env XIQ_AUTH_PORT, default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", defaultValue = "${env:XIQ_AUTH_DATA_DIR:-data}",
            description = "Directory of the generated signing key and the stores (env XIQ_AUTH_DATA_DIR, "
                    + "default ./${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--public-url", defaultValue = "${env:XIQ_AUTH_PUBLIC_URL}",
            description = "URL clients reach the server at (env XIQ_AUTH_PUBLIC_URL, default http://localhost:<port>).")
    private URI publicUrl;

    @Option(names = "--issuer", defaultValue = "${env:XIQ_AUTH_ISSUER}",
            description = "The iss claim of tokens (env XIQ_AUTH_ISSUER, default the public URL).")
    private String issuer;

    @Option(names = "--token-lifetime", defaultValue = "${env:XIQ_AUTH_TOKEN_LIFETIME:-86400}",
            description = "Token lifetime in seconds (env XIQ_AUTH_TOKEN_LIFETIME, default ${DEFAULT-VALUE}).")
    private long tokenLifetimeSeconds;

    @Option(names = "--realm", defaultValue = "${env:XIQ_AUTH_REALM:-xiq}",
            description = "Realm of the WWW-Authenticate challenge (env XIQ_AUTH_REALM, default ${DEFAULT-VALUE}).")
    private String realm;

    @Option(names = "--signing-key-file", defaultValue = "${env:XIQ_AUTH_SIGNING_KEY_FILE}",
            description = "File holding the base64 signing key (env XIQ_AUTH_SIGNING_KEY_FILE, "
                    + "default a key generated in the data directory).")
    private Path signingKeyFile;

    @Option(names = "--argon2-memory-kib", defaultValue = "${env:XIQ_AUTH_ARGON2_MEMORY_KIB:-19456}",
            description = "Argon2id memory per hash in KiB, at least 19456 (env XIQ_AUTH_ARGON2_MEMORY_KIB, "
                    + "default ${DEFAULT-VALUE}).")
    private int argon2MemoryKib;

    @Option(names = "--argon2-iterations", defaultValue = "${env:XIQ_AUTH_ARGON2_ITERATIONS:-2}",
            description = "Argon2id iterations, at least 2 (env XIQ_AUTH_ARGON2_ITERATIONS, default ${DEFAULT-VALUE}).")
    private int argon2Iterations;

    @Option(names = "--argon2-parallelism", defaultValue = "${env:XIQ_AUTH_ARGON2_PARALLELISM:-1}",
            description = "Argon2id lanes (env XIQ_AUTH_ARGON2_PARALLELISM, default ${DEFAULT-VALUE}).")
    private int argon2Parallelism;

    @Option(names = "--shutdown-grace", defaultValue = "${env:XIQ_AUTH_SHUTDOWN_GRACE:-10}",
            description = "Seconds requests in flight may take to finish at shutdown (env XIQ_AUTH_SHUTDOWN_GRACE, "
                    + "default ${DEFAULT-VALUE}).")
    private long shutdownGraceSeconds;

    /**
     * Runs the server until the process is asked to stop (SIGTERM or Ctrl-C).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine commandLine = new CommandLine(new XiqAuthServer());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println(line.getColorScheme().errorText("xiq-auth-server: " + exception.getMessage()));
            return 2;
        });
        int status = commandLine.execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = settings();
        RunningServer server = RunningServer.start(settings, new Secrets(System.getenv()), Clock.systemUTC(),
                System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    ServerSettings settings() {
        return new ServerSettings(host, port, dataDir, Optional.ofNullable(publicUrl), Optional.ofNullable(issuer),
                Duration.ofSeconds(tokenLifetimeSeconds), realm, Optional.ofNullable(signingKeyFile),
                new Argon2Parameters(argon2MemoryKib, argon2Iterations, argon2Parallelism),
                Duration.ofSeconds(shutdownGraceSeconds));
    }
}
