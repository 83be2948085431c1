package dev.xiqauth.server.ops;

import dev.xiqauth.server.logging.LogText;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #LOGGER}: method, path, operation, status, duration
 * and the {@code error_id} of an error. Never a body, a header, a query string, a token or a
 * password: the path is the only thing of the client's it repeats, and it is sanitised. A request
 * answered 4xx or 5xx is logged at {@code INFO}, any other at {@code DEBUG}: {@code --request-log}
 * sets the logger's level ({@link dev.xiqauth.server.logging.RequestLog}).
 */
// Response filters run from the highest priority down: this one runs after every filter that
// changes the status or the headers (an OPTIONS answer becomes 204 in one of them).
@Priority(1)
public final class RequestLogFilter implements ContainerResponseFilter {
    /** The logger the request lines go to. */
    public static final String LOGGER = "xiq.access";

    private final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean failed = response.getStatus() >= 400;
        if (failed ? !log.isInfoEnabled() : !log.isDebugEnabled()) {
            return;
        }
        ResponseFacts facts = ResponseFacts.of(request, response);
        String format = "method={} path=\"{}\" operation={} status={} duration_ms={} error_id={}";
        Object[] arguments = {facts.method(), LogText.sanitise("/" + request.getUriInfo().getPath(false)),
            facts.operation(), facts.status(), String.format(Locale.ROOT, "%.3f", facts.elapsedNanos() / 1e6),
            facts.errorId() == null ? "-" : facts.errorId()};
        if (failed) {
            log.info(format, arguments);
        } else {
            log.debug(format, arguments);
        }
    }
}
