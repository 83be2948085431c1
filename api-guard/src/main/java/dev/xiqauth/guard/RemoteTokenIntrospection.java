package dev.xiqauth.guard;

import dev.xiqauth.api.model.TokenIntrospection;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.client.ApiClient;
import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.ApiResponse;
import dev.xiqauth.client.XiqErrors;
import dev.xiqauth.client.api.IntrospectionApi;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.glassfish.jersey.client.ClientProperties;

/**
 * Introspects a token at the XIQ Authentication server with RFC 7662: {@code POST /oauth2/introspect}, the token
 * in the form, authenticated with the service's own credential (an API token holding {@code token:introspect}),
 * through the generated {@link IntrospectionApi} over one {@link ApiClient} (one pool of connections) built here.
 * The caller's token is never presented as a credential, and the check counts against the service's quota.
 *
 * <p>An answer of {@code 200} says whether the token is active. Every other (the service's credential refused,
 * {@code 401}, or without {@code token:introspect}, {@code 403}; the service over its quota, {@code 429}; a
 * redirect, which is not followed; a 5xx; no answer; an answer not complete by the deadline; a body the guard
 * cannot read) is {@link Introspection.Unavailable}: the guard then refuses the request, since it could not
 * check it. The reasons it gives for the log name the status and the server's {@code error_id}, never a token.
 */
final class RemoteTokenIntrospection implements TokenIntrospector, AutoCloseable {
    /** RFC 7662's hint: every token of the server is an access token. */
    private static final String ACCESS_TOKEN = "access_token";
    /** Retry-After when the server gave none (or none a caller could use), in seconds. */
    static final String DEFAULT_RETRY_AFTER = "5";
    private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");
    /** The headers of an introspection answer that say which changes it reflects. */
    static final String CHANGE_EPOCH = "Xiq-Change-Epoch";
    static final String CHANGE_POSITION = "Xiq-Change-Position";

    /** The most of an answer held in memory; the auth server's are a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final Duration timeout;
    private final ApiClient api;
    private final IntrospectionApi introspection;
    private final String credential;

    /**
     * @param authServer where the XIQ Authentication server is, for example {@code https://auth.example.com}
     * @param timeout the deadline of each exchange with it, from the start of the call to the last byte of the
     *     answer: connecting, sending, and receiving the status line, the headers and the body
     * @param credential the service's own credential: an API token holding {@code token:introspect}
     */
    RemoteTokenIntrospection(URI authServer, Duration timeout, String credential) {
        this.timeout = timeout;
        this.credential = credential;
        this.api = apiClient(authServer, timeout, credential);
        this.introspection = new IntrospectionApi(api);
    }

    /**
     * @param authServer where the auth server is
     * @param timeout the deadline of each exchange, from its start to the last byte of the answer
     * @param credential the service's own credential, sent as its Bearer token
     * @return a client of the auth server with one pool of connections, following no redirect
     */
    static ApiClient apiClient(URI authServer, Duration timeout, String credential) {
        int millis = Math.toIntExact(timeout.toMillis());
        ApiClient api = new ApiClient();
        api.setBearerToken(credential);
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
        return api;
    }

    @Override
    public Introspection introspect(String token) {
        return introspectAt(token).answer();
    }

    /**
     * What the server says of a token, and the position of its changes the answer reflects.
     *
     * @param answer what it says
     * @param jti the token's identifier, if it is valid
     * @param epoch the epoch of the position, if the server said
     * @param position the position of {@code GET /oauth2/introspect/changes} the answer reflects every change up to
     */
    record Positioned(Introspection answer, Optional<String> jti, Optional<String> epoch, OptionalLong position) {
    }

    /**
     * @param token a Bearer token a request presented
     * @return what the auth server says of it, and the position of its changes the answer reflects
     */
    Positioned introspectAt(String token) {
        try {
            ApiResponse<TokenIntrospection> response = introspection.introspectTokenWithHttpInfo(token, ACCESS_TOKEN);
            TokenIntrospection answer = response.getData();
            if (answer == null || answer.getActive() == null) {
                throw new IllegalArgumentException("the answer says nothing of active");
            }
            if (!answer.getActive()) {
                return unpositioned(new Introspection.Refused("the auth server says the token is not active"));
            }
            Optional<String> epoch = Optional.ofNullable(header(response.getHeaders(), CHANGE_EPOCH));
            OptionalLong position = positionOf(header(response.getHeaders(), CHANGE_POSITION));
            return new Positioned(new Introspection.Valid(XiqPrincipal.from(answer)),
                    Optional.ofNullable(answer.getJti()), epoch, position);
        } catch (ApiException failure) {
            return unpositioned(answered(failure, token));
        } catch (ProcessingException unanswered) {
            if (deadlinePassed(unanswered)) {
                return unpositioned(new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                        "the auth server did not finish answering within the deadline of " + timeout.toMillis() + " ms"));
            }
            return unpositioned(new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "no usable answer from the auth server: " + describe(unanswered, token, credential)));
        } catch (IllegalArgumentException unreadable) {
            return unpositioned(new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "the auth server's answer cannot be used: " + describe(unreadable, token, credential)));
        }
    }

    private static Positioned unpositioned(Introspection answer) {
        return new Positioned(answer, Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    private static OptionalLong positionOf(String header) {
        if (header == null || !POSITION.matcher(header).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(header));
    }

    private Introspection answered(ApiException failure, String token) {
        int status = failure.getCode();
        String serverErrorId = XiqErrors.of(failure).map(XiqError::getErrorId).map(id -> ", its error_id " + id)
                .orElse("");
        if (status == 0) {
            return new Introspection.Unavailable(DEFAULT_RETRY_AFTER,
                    "no answer from the auth server: " + describe(failure, token, credential));
        }
        String why = switch (status) {
            case 401 -> "the auth server refused this service's own credential: make it a valid API token";
            case 403 -> "this service's own credential may not introspect: grant it token:introspect";
            case 429 -> "this service is over the rate limit of its own credential";
            default -> "the auth server answered " + status;
        };
        String retryAfter = header(failure.getResponseHeaders(), "Retry-After");
        return new Introspection.Unavailable(
                retryAfter != null && DELTA_SECONDS.matcher(retryAfter).matches() ? retryAfter : DEFAULT_RETRY_AFTER,
                why + serverErrorId);
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
    static String header(Map<String, List<String>> headers, String name) {
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
     *     token or the service's credential has them cut out, whatever failed
     */
    static String describe(Throwable failure, String token, String credential) {
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
        String described = text.toString();
        if (!token.isEmpty()) {
            described = described.replace(token, "[token]");
        }
        return described.replace(credential, "[credential]");
    }

    /** Closes the connections to the auth server. */
    @Override
    public void close() {
        api.getHttpClient().close();
    }
}
