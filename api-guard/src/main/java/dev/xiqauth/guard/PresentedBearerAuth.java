package dev.xiqauth.guard;

import dev.xiqauth.client.ApiException;
import dev.xiqauth.client.Pair;
import dev.xiqauth.client.auth.HttpBearerAuth;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The Bearer credential of the generated client's calls: the token being introspected on the calling thread.
 *
 * <p>One {@code ApiClient} serves every request of the guarded service, and the generated client keeps its
 * token in a single field for all threads; this one keeps it per thread instead, for the duration of one
 * synchronous call ({@link #presenting}), so that concurrent requests never send each other's tokens.
 */
final class PresentedBearerAuth extends HttpBearerAuth {
    /** A call of the generated API. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ApiException;
    }

    private final ThreadLocal<String> presented = new ThreadLocal<>();

    PresentedBearerAuth() {
        super("Bearer");
    }

    /**
     * @param token the token to send
     * @param call the call that sends it, made on this thread
     * @return what the call returned
     * @throws ApiException as the call throws it
     */
    <T> T presenting(String token, Call<T> call) throws ApiException {
        presented.set(token);
        try {
            return call.run();
        } finally {
            presented.remove();
        }
    }

    @Override
    public void applyToParams(List<Pair> queryParams, Map<String, String> headerParams, Map<String, String> cookieParams,
            String payload, String method, URI uri) {
        String token = presented.get();
        if (token == null) {
            throw new IllegalStateException("a call to the auth server was made outside presenting(token, call)");
        }
        headerParams.put(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
}
