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
 * Logs in to a running server over real HTTP, as a client does, and uses the tokens it gets (API tokens,
 * introspection): the one login fixture of the tests that start a server. Every response is checked
 * against the contract by the client it is given.
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
        return send(request.build());
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

    /**
     * @param base the server's URL
     * @param loginToken the token that asks for it
     * @param body the {@code generateApiToken} request, as JSON
     * @return the access token of an API token whose generation must succeed
     */
    public String apiToken(URI base, String loginToken, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("auth/apitoken"))
                .header("Authorization", "Bearer " + loginToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return accessTokenOf(response);
    }

    /** @return the status of {@code getCurrentApiTokenInfo} with the token: 200 while the server accepts it */
    public int introspectionStatus(URI base, String token) {
        return send(HttpRequest.newBuilder(base.resolve("auth/apitoken/info"))
                .header("Authorization", "Bearer " + token).GET().build()).statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the server", e);
        }
    }
}
