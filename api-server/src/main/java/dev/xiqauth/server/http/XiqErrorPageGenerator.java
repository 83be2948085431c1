package dev.xiqauth.server.http;

import dev.xiqauth.server.error.ErrorCode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Replaces Grizzly's HTML error page (which shows the exception and its stack trace) for failures
 * between the HTTP codec and Jersey, such as a request Jersey's container cannot turn into a URI:
 * the answer is an {@code XiqError}, and the cause goes to the log only.
 */
public final class XiqErrorPageGenerator implements ErrorPageGenerator {
    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        ErrorCode code = exception instanceof URISyntaxException
                || exception != null && exception.getCause() instanceof URISyntaxException
                ? ErrorCode.MALFORMED_REQUEST : HttpLayerErrors.codeFor(status);
        byte[] body = HttpLayerErrors.body(code, status, request.getMethod() + " request", exception);
        request.getResponse().setStatus(code.status().getStatusCode());
        request.getResponse().setContentType("application/json");
        request.getResponse().setHeader("X-Content-Type-Options", "nosniff");
        return new String(body, StandardCharsets.UTF_8);
    }
}
