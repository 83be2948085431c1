package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.ServerSettings;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.config.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the API's port, with a certificate made at test time, checked by real clients: the JDK's
 * {@code HttpClient} and {@code curl --cacert}. A request in clear to the TLS port gets no token; a renewed
 * certificate is served from the next handshake, without a restart; the operations port stays plain.
 */
final class TlsTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "a passphrase sent over TLS";
    private static final String LOGIN_BODY = "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TestCertificates certificates = new TestCertificates();

    private RunningServer start(Path chain, Path key, Duration reloadCheck) throws IOException {
        ServerSettings settings = TestServers.withOperationsPort(TestServers.settings(
                StoreSettings.embedded(dir.resolve("data")), 0, null));
        settings = settings.withHttp(settings.http().withTls(new TlsSettings(chain, key, reloadCheck)));
        return CompositionRoot.start(settings, new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD)), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void theJdkClientLogsInOverTls13AndOverTls12WhenItOffersOnlyThat() throws Exception {
        TestCertificates.Issued issued = certificates.issue(dir.resolve("fullchain.pem"), dir.resolve("key.pem"), "EC");
        try (RunningServer server = start(issued.chainFile(), issued.keyFile(), TlsSettings.DEFAULT_RELOAD_CHECK)) {
            assertThat(server.baseUri().getScheme()).isEqualTo("https");

            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientTrusting(protocol)).build();
                HttpResponse<String> login = client.send(loginRequest(server.baseUri()),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(login.statusCode()).as(protocol + ": " + login.body()).isEqualTo(200);
                assertThat(JSON.readTree(login.body()).get("access_token").asText()).isNotBlank();
                assertThat(login.sslSession()).hasValueSatisfying(session ->
                        assertThat(session.getProtocol()).isEqualTo(protocol));
                assertThat(login.headers().firstValue("Strict-Transport-Security")).as("HTTPS from now on")
                        .hasValue("max-age=31536000");
            }
        }
    }

    @Test
    void aLoginSentInClearToTheTlsPortGetsNoAnswerAndNoToken() throws Exception {
        TestCertificates.Issued issued = certificates.issue(dir.resolve("fullchain.pem"), dir.resolve("key.pem"), "EC");
        try (RunningServer server = start(issued.chainFile(), issued.keyFile(), TlsSettings.DEFAULT_RELOAD_CHECK);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + LOGIN_BODY.length() + "\r\n\r\n" + LOGIN_BODY)
                    .getBytes(StandardCharsets.US_ASCII));

            String answered = readUntilClosed(socket.getInputStream());

            assertThat(answered).as("whatever came back").doesNotContain("access_token").doesNotContain("HTTP/1.1 200");
        }
    }

    @Test
    void aRenewedCertificateIsServedFromTheNextHandshakeWithoutARestart() throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("key.pem");
        TestCertificates.Issued first = certificates.issue(chain, key, "EC");
        try (RunningServer server = start(chain, key, Duration.ofMillis(100))) {
            assertThat(servedSerial(server)).isEqualTo(first.serial());

            TestCertificates.Issued renewed = certificates.issue(chain, key, "RSA"); // PKCS #1 this time

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            BigInteger served = servedSerial(server);
            while (!served.equals(renewed.serial()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                served = servedSerial(server);
            }
            assertThat(served).as("the serial served after the renewal").isEqualTo(renewed.serial());
            HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientTrusting()).build();
            assertThat(client.send(loginRequest(server.baseUri()), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aHalfWrittenRenewalKeepsThePreviousCertificateServed() throws Exception {
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("key.pem");
        TestCertificates.Issued first = certificates.issue(chain, key, "EC");
        try (RunningServer server = start(chain, key, Duration.ofMillis(100))) {
            certificates.writeUnrelatedKey(key); // the new key is in, its certificate not yet

            Thread.sleep(500);

            assertThat(servedSerial(server)).as("still the previous certificate, with its own key")
                    .isEqualTo(first.serial());
        }
    }

    @Test
    void theOperationsPortStaysPlainHttp() throws Exception {
        TestCertificates.Issued issued = certificates.issue(dir.resolve("fullchain.pem"), dir.resolve("key.pem"), "EC");
        try (RunningServer server = start(issued.chainFile(), issued.keyFile(), TlsSettings.DEFAULT_RELOAD_CHECK)) {
            HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.operationsPort() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Strict-Transport-Security")).as("only HTTPS answers say so")
                    .isEmpty();
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedBeforeTheStoreIsTouched() throws Exception {
        TestCertificates.Issued issued = certificates.issue(dir.resolve("fullchain.pem"), dir.resolve("key.pem"), "EC");
        Path otherKey = certificates.writeUnrelatedKey(dir.resolve("other.pem"));

        assertThatThrownBy(() -> start(issued.chainFile(), otherKey, TlsSettings.DEFAULT_RELOAD_CHECK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS key in " + otherKey + " is not the key of the certificate in " + issued.chainFile()
                        + " (its first certificate must be the server's own)");
        assertThatThrownBy(() -> start(issued.keyFile(), issued.keyFile(), TlsSettings.DEFAULT_RELOAD_CHECK))
                .as("a key where the chain should be").isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the TLS certificate file " + issued.keyFile() + " holds no");
        assertThatThrownBy(() -> start(issued.chainFile(), issued.chainFile(), TlsSettings.DEFAULT_RELOAD_CHECK))
                .as("a chain where the key should be").isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the TLS key file " + issued.chainFile() + " holds no private key");
        assertThatThrownBy(() -> start(dir.resolve("missing.pem"), issued.keyFile(), TlsSettings.DEFAULT_RELOAD_CHECK))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read the TLS certificate file " + dir.resolve("missing.pem") + ": no such file");
        assertThat(dir.resolve("data")).as("no store was made").doesNotExist();
    }

    @Test
    void curlTrustingTheAuthorityLogsInAndARequestInClearIsRefusedByCurlToo() throws Exception {
        TestCertificates.Issued issued = certificates.issue(dir.resolve("fullchain.pem"), dir.resolve("key.pem"), "EC");
        Path authority = certificates.writeAuthority(dir.resolve("authority.pem"));
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER,
                "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD), "--tls-cert-file", issued.chainFile().toString(),
                "--tls-key-file", issued.keyFile().toString())) {
            URI login = server.baseUri().resolve("login");
            assertThat(login.getScheme()).isEqualTo("https");

            Curl overTls = curl("--cacert", authority.toString(), login.toString());
            Curl inClear = curl(login.toString().replace("https://", "http://"));

            assertThat(overTls.status()).as(overTls.output()).isZero();
            assertThat(JSON.readTree(overTls.output()).get("access_token").asText()).isNotBlank();
            assertThat(inClear.output()).doesNotContain("access_token");
        }
    }

    private record Curl(int status, String output) {
    }

    private Curl curl(String... target) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-X", "POST",
                "-H", "Content-Type: application/json", "-d", LOGIN_BODY));
        command.addAll(List.of(target));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Curl(process.waitFor(), output);
    }

    /** @return the serial number of the certificate a new TLS connection is given */
    private BigInteger servedSerial(RunningServer server) throws Exception {
        SSLContext context = certificates.clientTrusting();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static HttpRequest loginRequest(URI base) {
        return HttpRequest.newBuilder(base.resolve("login")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LOGIN_BODY)).build();
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException closedOrSilent) {
            // Either way: what came back so far is the answer.
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
