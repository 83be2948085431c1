package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Logs in to a running server over real HTTP, as a client does: the one login fixture of the tests
 * that start a server. Every response is checked against the contract by the client it is given.
 */
public final class HttpLogin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ValidatingHttpClient http;
    private final String username;
    private final String password;

    /**
     * @param http the client to send with
     * @param username the user logging in
     * @param password that user's password
     */
    public HttpLogin(ValidatingHttpClient http, String username, String password) {
        this.http = http;
        this.username = username;
        this.password = password;
    }

    /**
     * @param base the server's URL
     * @param withPassword the password to try
     * @param headers extra headers, as name and value pairs (for example {@code X-Forwarded-For})
     * @return the server's answer, whatever it is
     */
    public HttpResponse<String> attempt(URI base, String withPassword, String... headers) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", withPassword);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while logging in", e);
        }
    }

    /** @return the answer to a login with the right password */
    public HttpResponse<String> attempt(URI base) {
        return attempt(base, password);
    }

    /**
     * @param base the server's URL
     * @param headers extra headers, as name and value pairs
     * @return the access token of a login that must succeed
     */
    public String token(URI base, String... headers) {
        HttpResponse<String> response = attempt(base, password, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return accessTokenOf(response);
    }

    /** @return the {@code access_token} of a successful login's answer */
    public static String accessTokenOf(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
