package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.jersey.client.ClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector as any Jersey client would use it: what it sends, what it hands back, and what it refuses. */
final class ExchangeDeadlineConnectorTest {
    private static final int MAX_ANSWER_BYTES = 100;

    private HttpServer server;
    private Client client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", ExchangeDeadlineConnectorTest::echo);
        server.createContext("/large", exchange -> answer(exchange, 200, "x".repeat(MAX_ANSWER_BYTES + 1)));
        server.createContext("/unnamed-status", exchange -> answer(exchange, 299, "odd"));
        server.start();
        client = ClientBuilder.newClient(new ClientConfig().connectorProvider((jersey, config) ->
                new ExchangeDeadlineConnector(jersey, config, Duration.ofSeconds(5), MAX_ANSWER_BYTES)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void sendsTheRequestWithItsHeadersAndEntityAndHandsBackTheAnswer() {
        try (Response response = client.target(uri("/echo")).request().header("X-Request", "r1")
                .post(Entity.text("hello"))) {
            assertThat(response.getStatus()).isEqualTo(201);
            assertThat(response.getHeaderString("X-Seen")).isEqualTo("POST r1 text/plain");
            assertThat(response.getMediaType().toString()).isEqualTo("text/plain");
            assertThat(response.readEntity(String.class)).isEqualTo("hello");
        }
    }

    @Test
    void aStatusJaxRsDoesNotNameKeepsItsCodeAndFamily() {
        try (Response response = client.target(uri("/unnamed-status")).request().get()) {
            assertThat(response.getStatus()).isEqualTo(299);
            assertThat(response.getStatusInfo().getFamily()).isEqualTo(Response.Status.Family.SUCCESSFUL);
            assertThat(response.readEntity(String.class)).isEqualTo("odd");
        }
    }

    @Test
    void anAnswerOverTheLimitFailsTheCallRatherThanFillTheMemory() {
        assertThatThrownBy(() -> client.target(uri("/large")).request().get())
                .isInstanceOf(ProcessingException.class)
                .hasRootCauseMessage("the answer's body is over " + MAX_ANSWER_BYTES + " bytes");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void echo(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_ANSWER_BYTES);
        }
        exchange.getResponseHeaders().set("X-Seen", exchange.getRequestMethod() + " "
                + exchange.getRequestHeaders().getFirst("X-Request") + " "
                + exchange.getRequestHeaders().getFirst("Content-Type"));
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(201, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
