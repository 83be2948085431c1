package dev.xiqauth.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build's class data sharing training run (not a test: the {@code package} phase runs it). It starts the
 * server with the command it is given (which names the archive to write at exit) on a free port, sends it the
 * requests of a day in service (a login, the token checks, a logout, and a refusal of each common kind), then
 * stops it with SIGTERM. The archive then holds the classes of the request path as well as those of the start,
 * so that a launch's first requests load none of them from the jar: on one core, the first successful login
 * after a start came 0.7 s sooner. A server that does not answer as it should fails the build, so that the
 * training cannot silently stop exercising what it names.
 *
 * <p>Arguments: the server's whole command line, without {@code --port}. Its {@code --data-dir} is emptied
 * first: on a new store the environment's {@code XIQ_AUTH_BOOTSTRAP_USERNAME} and
 * {@code XIQ_AUTH_BOOTSTRAP_PASSWORD} create the user it logs in as (on the last build's, the server would warn
 * that they are ignored).
 */
final class ClassDataSharingTraining {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    private ClassDataSharingTraining(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(args));
        int dataDir = command.indexOf("--data-dir");
        if (dataDir < 0 || dataDir + 1 >= command.size()) {
            throw new IllegalArgumentException("the training run's command names no --data-dir to empty");
        }
        Path store = Path.of(command.get(dataDir + 1));
        deleteTree(store);
        // Its log (the refusals it is sent are logged) goes to a file beside the store, shown only on a failure.
        Path log = store.resolveSibling(store.getFileName() + ".log");
        command.addAll(List.of("--port", Integer.toString(port)));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            new ClassDataSharingTraining(URI.create("http://127.0.0.1:" + port + "/")).train(
                    System.getenv("XIQ_AUTH_BOOTSTRAP_USERNAME"), System.getenv("XIQ_AUTH_BOOTSTRAP_PASSWORD"));
        } catch (IOException | RuntimeException e) {
            System.err.println(Files.readString(log));
            throw e;
        } finally {
            server.destroy(); // SIGTERM: the server stops gracefully and the JVM writes the archive as it exits
            if (!server.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
                throw new IllegalStateException("the training server did not stop");
            }
        }
        if (server.exitValue() != 0) {
            System.err.println(Files.readString(log));
            throw new IllegalStateException("the training server exited with status " + server.exitValue());
        }
    }

    private void train(String username, String password) throws IOException, InterruptedException {
        String login = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        String token = accessToken(awaitLogin(login));
        expect(200, get("auth/apitoken/info", token));
        expect(200, get("auth/permissions", token));
        expect(200, post("auth/apitoken/:validate", "text/plain", token, null));
        expect(200, get("health/ready", null));
        expect(200, post("logout", null, null, token));
        expect(401, post("logout", null, null, token));
        expect(401, get("auth/apitoken/info", token));
        expect(401, post("login", "application/json", login.replace(username, "nobody." + username), null));
        expect(400, post("login", "application/json", "{\"username\":", null));
        expect(404, get("no-such-path", null));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Logins are answered 503 until the server has started. */
    private HttpResponse<String> awaitLogin(String body) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try {
                HttpResponse<String> response = post("login", "application/json", body, null);
                if (response.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                    return expect(200, response);
                }
            } catch (IOException notListeningYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notListeningYet;
                }
            }
            Thread.sleep(50);
        }
    }

    private static String accessToken(HttpResponse<String> login) {
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (!token.find()) {
            throw new IllegalStateException("the training login answered no access token");
        }
        return token.group(1);
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("the training run expected " + status + " from "
                    + response.request().method() + " " + response.request().uri().getPath() + ", got "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
