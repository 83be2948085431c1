package dev.xiqauth.guard;

import dev.xiqauth.api.model.XiqApiTokenInfo;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.AuthorizationApi;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.glassfish.jersey.client.ClientProperties;

/**
 * Introspects a token at the XIQ Authentication server: {@code GET /auth/apitoken/info} presenting it, through
 * the generated {@link AuthorizationApi} over one {@link ApiClient} (one pool of connections) built here.
 *
 * <p>Every answer other than 200, 401 and 429 (a redirect, which is not followed, another 4xx, a 5xx, no
 * answer, an answer not complete by the deadline, a body the guard cannot read) is {@link
 * Introspection.Unavailable}: the guard then refuses the request, since it could not check it. The reasons it gives
 * for the log name the status and the server's {@code error_id}, never the token.
 */
final class RemoteTokenIntrospection implements TokenIntrospection, AutoCloseable {
    /** The headers of the server's 429 that tell the caller when to come back. */
    private static final List<String> RATE_LIMIT_HEADERS = List.of("Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset");
    /** Retry-After when the server gave none (or none a caller could use), in seconds. */
    static final String DEFAULT_RETRY_AFTER = "5";
    private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]{1,200}");

    /** The most of an answer held in memory; the auth server's are a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final Duration timeout;
    private final ApiClient api;
    private final PresentedBearerAuth bearer = new PresentedBearerAuth();
    private final AuthorizationApi authorization;

    /**
     * @param authServer where the XIQ Authentication server is, for example {@code https://auth.example.com}
     * @param timeout the deadline of each exchange with it, from the start of the call to the last byte of the
     *     answer: connecting, sending, and receiving the status line, the headers and the body
     */
    RemoteTokenIntrospection(URI authServer, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        this.timeout = timeout;
        this.api = new ApiClient(Map.of("Bearer", bearer));
        // The generated client's connector times each read, not the exchange: see ExchangeDeadlineConnector. Its
        // first Jersey client, built by its constructor, is replaced before any call, and closed.
        Client unused = api.getHttpClient();
        api.setClientConfig(api.getDefaultClientConfig().connectorProvider((client, config) ->
                new ExchangeDeadlineConnector(client, config, timeout, MAX_ANSWER_BYTES)));
        unused.close();
        // Kept under the deadline: a connect that hangs is given up by the JDK client itself too. A read timeout as
        // long as the deadline never ends first; it is set for what the generated client's setting is read to mean.
        api.setBasePath(authServer.toString().replaceAll("/+$", ""))
                .setConnectTimeout(millis)
                .setReadTimeout(millis);
        // A redirect would carry the token to wherever the Location points; the auth server never sends one.
        api.getHttpClient().property(ClientProperties.FOLLOW_REDIRECTS, false);
        this.authorization = new AuthorizationApi(api);
    }

    @Override
    public Introspection introspect(String token) {
        try {
            XiqApiTokenInfo info = bearer.presenting(token, authorization::getCurrentApiTokenInfo);
            return new Introspection.Valid(XiqPrincipal.from(info));
        } catch (ApiException failure) {
            return answered(failure, token);
        } catch (ProcessingException unanswered) {
            if (deadlinePassed(unanswered)) {
                return new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                        "the auth server did not finish answering within the deadline of " + timeout.toMillis() + " ms");
            }
            return new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "no usable answer from the auth server: " + describe(unanswered, token));
        } catch (IllegalArgumentException unreadable) {
            return new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "the auth server's answer cannot be used: " + describe(unreadable, token));
        }
    }

    private static Introspection answered(ApiException failure, String token) {
        int status = failure.getCode();
        String serverErrorId = XiqErrors.of(failure).map(XiqError::getErrorId).map(id -> ", its error_id " + id)
                .orElse("");
        if (status == 0) {
            return new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "no answer from the auth server: " + describe(failure, token));
        }
        if (status == 401) {
            return new Introspection.Refused("the auth server refused the token" + serverErrorId);
        }
        if (status == 429) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : RATE_LIMIT_HEADERS) {
                String value = header(failure.getResponseHeaders(), name);
                if (value != null && PRINTABLE.matcher(value).matches()) {
                    headers.put(name, value);
                }
            }
            headers.putIfAbsent("Retry-After", DEFAULT_RETRY_AFTER);
            return new Introspection.Throttled(headers, "the token is over its rate limit" + serverErrorId);
        }
        String retryAfter = header(failure.getResponseHeaders(), "Retry-After");
        return new Introspection.Unavailable(
                retryAfter != null && DELTA_SECONDS.matcher(retryAfter).matches() ? retryAfter : DEFAULT_RETRY_AFTER,
                "the auth server answered " + status + serverErrorId);
    }

    private static boolean deadlinePassed(Throwable failure) {
        // Bounded, like describe's walk, should a cause chain loop.
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof ExchangeDeadlineConnector.DeadlinePassedException) {
                return true;
            }
        }
        return false;
    }

    /** Header names are case-insensitive; the generated client keeps them as the server spelled them. */
    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /**
     * @return the failure and its causes, by class and message, for the log; a message that might quote the
     *     token has it cut out, whatever failed
     */
    static String describe(Throwable failure, String token) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 500; cause = cause.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null && !(cause instanceof ApiException)) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString().replace(token, "[token]");
    }

    /** Closes the connections to the auth server. */
    @Override
    public void close() {
        api.getHttpClient().close();
    }
}
