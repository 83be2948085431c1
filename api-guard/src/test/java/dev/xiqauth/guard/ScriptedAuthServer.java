package dev.xiqauth.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for the XIQ Authentication server's {@code POST /oauth2/introspect} (RFC 7662), answering each
 * scripted token as the real server would when asked with the service's credential ({@link #SERVICE}): the details
 * of an active token, {@code {"active":false}} for any other (and for a token revoked with {@link #revoke}), 429
 * with its rate-limit headers (the service over its quota), 500, 503 with {@code Retry-After}, a body without the
 * user, or no answer until it stops; and 401 when asked with another credential. It counts and records what it was
 * asked.
 */
final class ScriptedAuthServer implements AutoCloseable {
    /** jane, an Operator, may read devices; her token expires at 11:00. */
    static final String JANE = "jane.token-1";
    /** ada, an Administrator, may read and write devices. */
    static final String ADA = "ada.token-2";
    /** an API token ada made, granted device:read alone: it holds her role but not its rights. */
    static final String ADA_API = "ada.api-11";
    /** bob, an Operator, may write devices but not read them. */
    static final String BOB = "bob.token-3";
    /** jane again, with a token that expires at 10:00:10. */
    static final String SHORT_LIVED = "jane.short-4";
    /** The service's own credential, an API token holding token:introspect. */
    static final String SERVICE = "service.credential-0";
    /** Answered 429: the service's credential is over its quota. */
    static final String THROTTLED = "throttled.token-5";
    static final String FAILING = "failing.token-6";
    static final String BUSY = "busy.token-7";
    static final String SLOW = "slow.token-8";
    static final String GARBLED = "garbled.token-9";
    /** Answered with a redirect to {@code /moved}, which would accept anything. */
    static final String REDIRECTED = "redirected.token-10";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> moved = new CopyOnWriteArrayList<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean stopped = new AtomicBoolean();

    ScriptedAuthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/oauth2/introspect", this::introspect);
        // A server of before the changes' stream: a guard that follows it gets no lease, and asks on every request.
        server.createContext("/oauth2/introspect/changes", exchange -> respond(exchange, 404, "{\"error_code\":"
                + "\"NOT_FOUND\",\"error_id\":\"n2\",\"error_message\":\"Not found\",\"error_message_description\":\"d\"}"));
        server.createContext("/moved", exchange -> {
            moved.add(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, info("mallory", 666, "Administrator", "\"device:write\"", "2026-11-28T11:00:00Z"));
        });
        server.createContext("/", exchange -> respond(exchange, 404, "{\"error_code\":\"NOT_FOUND\",\"error_id\":\"n1\","
                + "\"error_message\":\"Not found\",\"error_message_description\":\"d\"}"));
        server.start();
    }

    private void introspect(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = "";
        for (String parameter : form.split("&")) {
            if (parameter.startsWith("token=")) {
                token = URLDecoder.decode(parameter.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        authorizations.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                + " token=" + token + " by " + authorization);
        if (!("Bearer " + SERVICE).equals(authorization)) {
            refuse(exchange);
            return;
        }
        if (revoked.contains(token)) {
            respond(exchange, 200, "{\"active\":false}");
            return;
        }
        switch (token) {
            case JANE -> respond(exchange, 200, info("jane", 4711, "Operator", "\"device:read\"", "2026-11-28T11:00:00Z"));
            case ADA -> respond(exchange, 200,
                    info("ada", 1, "Administrator", "\"device:read\",\"device:write\"", "2026-11-28T11:00:00Z"));
            case BOB -> respond(exchange, 200, info("bob", 7, "Operator", "\"device:write\"", "2026-11-28T11:00:00Z"));
            case ADA_API -> respond(exchange, 200, info("ada", 1, "Administrator", "\"device:read\"",
                    "2026-11-28T11:00:00Z").replace("\"token_use\":\"login\"", "\"token_use\":\"api\""));
            case SHORT_LIVED -> respond(exchange, 200,
                    info("jane", 4711, "Operator", "\"device:read\"", "2026-11-28T10:00:10Z"));
            case THROTTLED -> {
                exchange.getResponseHeaders().set("Retry-After", "30");
                exchange.getResponseHeaders().set("RateLimit-Limit", "7500");
                exchange.getResponseHeaders().set("RateLimit-Remaining", "0");
                exchange.getResponseHeaders().set("RateLimit-Reset", "30");
                respond(exchange, 429, error("RATE_LIMITED", "s429"));
            }
            case FAILING -> respond(exchange, 500, error("INTERNAL_ERROR", "s500"));
            case BUSY -> {
                exchange.getResponseHeaders().set("Retry-After", "9");
                respond(exchange, 503, error("SERVICE_UNAVAILABLE", "s503"));
            }
            case SLOW -> {
                awaitRelease();
                respond(exchange, 200, info("jane", 4711, "Operator", "\"device:read\"", "2026-11-28T11:00:00Z"));
            }
            case GARBLED -> respond(exchange, 200,
                    "{\"active\":true,\"role\":\"Administrator\",\"scope\":\"device:write\"}");
            case REDIRECTED -> {
                exchange.getResponseHeaders().set("Location", uri() + "/moved");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            }
            default -> respond(exchange, 200, "{\"active\":false}");
        }
    }

    private void awaitRelease() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** An RFC 7662 answer for an active token; {@code scopes} as the old list form, {@code "a","b"}. */
    private static String info(String user, long userId, String role, String scopes, String expires) {
        return "{\"active\":true,\"scope\":\"" + scopes.replace("\"", "").replace(",", " ") + "\",\"username\":\""
                + user + "\",\"sub\":\"" + user + "\",\"user_id\":" + userId + ",\"role\":\"" + role
                + "\",\"owner_id\":42,\"data_center\":\"US-EAST\",\"token_type\":\"Bearer\",\"iat\":"
                + Instant.parse("2026-11-28T10:00:00Z").getEpochSecond() + ",\"exp\":"
                + Instant.parse(expires).getEpochSecond() + ",\"token_use\":\"login\",\"a_later_field\":\"ignored\"}";
    }

    private static String error(String code, String errorId) {
        return "{\"error_code\":\"" + code + "\",\"error_id\":\"" + errorId + "\",\"error_message\":\"m\","
                + "\"error_message_description\":\"d\"}";
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"xiq\", error=\"invalid_token\"");
        respond(exchange, 401, error("INVALID_TOKEN", "s401"));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Revokes a token, as a logout at the server does: every later introspection says it is not active. */
    void revoke(String token) {
        revoked.add(token);
    }

    /** @return how many introspections the server was asked for */
    int introspections() {
        return authorizations.size();
    }

    /** @return the {@code Authorization} header of each request that followed the redirect */
    List<String> followedRedirects() {
        return List.copyOf(moved);
    }

    /**
     * @return each introspection, in order: its method, its {@code Content-Type}, the token of its form and its
     *     {@code Authorization} header
     */
    List<String> requests() {
        return List.copyOf(authorizations);
    }

    /** Stops answering; the slow token's pending answer is released first. A second call does nothing. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            released.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
