package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import dev.xiqauth.server.store.DataDirectoryLock;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.view.LeaseProtocol;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on the embedded store answers token checks from memory, exactly: from the next request it refuses what
 * an admin command changed, even one that died while it held the store, and nothing else writes that store while
 * the server runs.
 */
final class ExactViewTest {
    private static final String OPERATOR = "ops@example.com";
    private static final String OPERATOR_PASSWORD = "an operator's long passphrase";
    private static final Pattern STORE_OPERATION = Pattern.compile(
            "xiq_auth_store_operations_seconds_count\\{operation=\"([a-zA-Z_]+)\",outcome=\"\\w+\"} ([0-9.E]+)");

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();
    private final HttpLogin logins = new HttpLogin(http, OPERATOR, OPERATOR_PASSWORD);

    @TempDir
    Path dataDir;

    private RunningServer startServer() throws IOException {
        return CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0, "https://auth.view.test"),
                new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", OPERATOR, "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                        OPERATOR_PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Waits until the server's view is loaded: until then, checks ask the store. */
    private void awaitChecksFromMemory(RunningServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!metrics(server).contains("xiq_auth_token_checks_from_memory 1.0")) {
            assertThat(System.nanoTime() - deadline).as("the view loaded within 30 s").isNegative();
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private String metrics(RunningServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.operationsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** @return how many times the store was asked what a token check asks: revocations, users, API tokens */
    private long checkReads(RunningServer server) throws Exception {
        long reads = 0;
        Matcher line = STORE_OPERATION.matcher(metrics(server));
        while (line.find()) {
            if (line.group(1).matches("check_revocation|find_user_by_id|find_API_token")) {
                reads += (long) Double.parseDouble(line.group(2));
            }
        }
        return reads;
    }

    @Test
    void tokenChecksAskNoStoreOnceTheServerServes() throws Exception {
        try (RunningServer server = startServer()) {
            String login = logins.token(server.baseUri());
            String apiToken = logins.apiToken(server.baseUri(), login, "{\"permissions\":[\"device:r\",\"auth:r\"]}");
            awaitChecksFromMemory(server);
            long before = checkReads(server);

            for (int i = 0; i < 20; i++) {
                assertThat(logins.introspectionStatus(server.baseUri(), login)).isEqualTo(200);
                assertThat(logins.introspectionStatus(server.baseUri(), apiToken)).isEqualTo(200);
            }

            assertThat(checkReads(server)).as("store reads of 40 checks").isEqualTo(before);
        }
    }

    @Test
    void anAdminCommandThatDiesHoldingTheStoreHasItsChangeRefusedFromTheNextRequest() throws Exception {
        try (RunningServer server = startServer()) {
            String login = logins.token(server.baseUri());
            awaitChecksFromMemory(server);
            assertThat(logins.introspectionStatus(server.baseUri(), login)).isEqualTo(200);

            try (SocketChannel lease = SocketChannel.open(UnixDomainSocketAddress.of(LeaseProtocol.socketIn(dataDir)))) {
                BufferedReader answers = new BufferedReader(new InputStreamReader(Channels.newInputStream(lease),
                        StandardCharsets.US_ASCII));
                assertThat(answers.readLine()).isEqualTo(LeaseProtocol.GRANTED);
                assertThat(metrics(server)).contains("xiq_auth_token_checks_from_memory 0.0");
                try (JdbcStores stores = JdbcStores.open(StoreSettings.embedded(dataDir), Clock.systemUTC(),
                        new CompositeMeterRegistry())) {
                    assertThat(stores.users().setEnabled(OPERATOR, false, Instant.now().plusSeconds(1))).isTrue();
                }
                assertThat(logins.introspectionStatus(server.baseUri(), login)).as("while the command holds the store")
                        .isEqualTo(401);
            } // closed without END: the command died

            assertThat(logins.introspectionStatus(server.baseUri(), login)).as("after the command died")
                    .isEqualTo(401);
        }
    }

    @Test
    void aSecondServerOnTheSameEmbeddedStoreIsRefused() throws Exception {
        try (RunningServer first = startServer()) {
            assertThatThrownBy(this::startServer).isInstanceOf(IOException.class)
                    .hasMessageContaining("another server serves the store in " + dataDir);
            assertThat(logins.introspectionStatus(first.baseUri(), logins.token(first.baseUri()))).isEqualTo(200);
        }
    }

    @Test
    void aServerStartingWhileAnAdminCommandHoldsTheStoreWaitsForIt() throws Exception {
        DataDirectoryLock command = DataDirectoryLock.tryTake(dataDir).orElseThrow();
        CompletableFuture<RunningServer> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return startServer();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        TimeUnit.MILLISECONDS.sleep(1_500);
        assertThat(starting).as("started while the command held the store").isNotDone();
        command.close();
        try (RunningServer server = starting.get(60, TimeUnit.SECONDS)) {
            assertThat(logins.introspectionStatus(server.baseUri(), logins.token(server.baseUri()))).isEqualTo(200);
        }
    }
}
