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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for the server: {@code /login} issues token-1, token-2... for the password
 * "right" (valid {@value #EXPIRES_IN} s) and refuses any other; {@code /logout} accepts a token
 * once; any other path answers 429. It records every request.
 *
 * <p>The Authorization operations answer for the tokens issued and not revoked: {@code /auth/apitoken/info}
 * describes {@value #USER} (role {@value #ROLE}, scope {@code device:read}); {@code /auth/apitoken} generates
 * {@code api-token-1} for any permission but {@code device:write}, which it refuses with 403;
 * {@code /auth/apitoken/:validate} answers 200 for a live token, 429 for the body {@code overloaded}, 503 for
 * {@code unavailable} and 401 for any other.
 */
final class ScriptedXiqPeer implements AutoCloseable {
    static final int EXPIRES_IN = 3_600;
    static final String USER = "jane";
    static final String ROLE = "Operator";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

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
        server.createContext("/auth/apitoken/info", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " " + authorization);
            if (!isLive(authorization)) {
                refuseToken(exchange);
                return;
            }
            respond(exchange, 200, "{\"user_name\":\"" + USER + "\",\"user_id\":4711,\"role\":\"" + ROLE + "\","
                    + "\"owner_id\":42,\"data_center\":\"US-EAST\",\"scopes\":[\"device:read\"],"
                    + "\"issued_at\":\"2026-11-28T10:00:00Z\",\"expiration_time\":\"2026-11-28T11:00:00Z\","
                    + "\"expires_in\":3600,\"unknown_later_field\":true}");
        });
        server.createContext("/auth/apitoken", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " " + authorization
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            if (!isLive(authorization)) {
                refuseToken(exchange);
            } else if (body.contains("device:write")) {
                respond(exchange, 403, "{\"error_code\":\"ACCESS_DENIED\",\"error_id\":\"e4\","
                        + "\"error_message\":\"Access denied\",\"error_message_description\":\"d\"}");
            } else {
                respond(exchange, 200, "{\"access_token\":\"api-token-1\",\"create_time\":\"2026-11-28T10:00:00Z\","
                        + "\"permissions\":[\"device:read\"],\"creator_id\":4711,\"customer_id\":0,"
                        + "\"expire_time\":\"2027-01-01T00:00:00Z\",\"description\":\"Inventory export job\"}");
            }
        });
        server.createContext("/auth/apitoken/:validate", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            if (isLive("Bearer " + body)) {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            } else if ("overloaded".equals(body)) {
                exchange.getResponseHeaders().set("Retry-After", "7");
                respond(exchange, 429, "{\"error_code\":\"RATE_LIMITED\",\"error_id\":\"e5\","
                        + "\"error_message\":\"m\",\"error_message_description\":\"d\"}");
            } else if ("unavailable".equals(body)) {
                exchange.getResponseHeaders().set("Retry-After", "5");
                respond(exchange, 503, "{\"error_code\":\"SERVICE_UNAVAILABLE\",\"error_id\":\"e6\","
                        + "\"error_message\":\"m\",\"error_message_description\":\"d\"}");
            } else {
                refuseToken(exchange);
            }
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

    /** Whether the header presents a token this peer issued and has not revoked. */
    private boolean isLive(String authorization) {
        if (authorization == null || !authorization.matches("Bearer token-[1-9][0-9]*")) {
            return false;
        }
        int number = Integer.parseInt(authorization.substring("Bearer token-".length()));
        return number <= issued.get() && !revoked.contains(authorization);
    }

    private static void refuseToken(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"xiq\", error=\"invalid_token\"");
        respond(exchange, 401, "{\"error_code\":\"INVALID_TOKEN\",\"error_id\":\"e3\","
                + "\"error_message\":\"m\",\"error_message_description\":\"d\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Stops the peer; a second call does nothing, so that a test may stop it early. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
