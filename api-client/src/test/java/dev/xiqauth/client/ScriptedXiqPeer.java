package dev.xiqauth.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for the server: {@code /login} issues token-1, token-2... for the password
 * "right" (valid {@value #EXPIRES_IN} s) and refuses any other; {@code /logout} accepts a token
 * once; any other path answers 429. It records every request.
 */
final class ScriptedXiqPeer implements AutoCloseable {
    static final int EXPIRES_IN = 3_600;

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();

    ScriptedXiqPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/login", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add("POST /login " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            if (body.contains("\"password\":\"right\"")) {
                respond(exchange, 200, "{\"access_token\":\"token-" + issued.incrementAndGet()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":" + EXPIRES_IN + ",\"scope\":\"ignored\"}");
            } else {
                respond(exchange, 401, "{\"error_code\":\"INVALID_CREDENTIALS\",\"error_id\":\"e1\","
                        + "\"error_message\":\"Invalid username or password\",\"error_message_description\":\"d\"}");
            }
        });
        server.createContext("/logout", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add("POST /logout " + authorization);
            exchange.getRequestBody().readAllBytes();
            if (authorization == null || revoked.contains(authorization)) {
                respond(exchange, 401, "{\"error_code\":\"INVALID_TOKEN\",\"error_id\":\"e3\","
                        + "\"error_message\":\"m\",\"error_message_description\":\"d\"}");
                return;
            }
            revoked.add(authorization);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> respond(exchange, 429, "{\"error_code\":\"RATE_LIMITED\","
                + "\"error_id\":\"e2\",\"error_message\":\"m\",\"error_message_description\":\"d\"}"));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
