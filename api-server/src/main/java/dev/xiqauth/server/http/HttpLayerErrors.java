package dev.xiqauth.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.api.model.XiqError;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.error.ErrorResponses;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code XiqError} of a request the HTTP layer answers itself, below Jersey: one Jetty refused (a
 * request it cannot parse), or one a limit refused before it reached the application. Logged like every
 * other error, under a fresh {@code error_id}.
 */
public final class HttpLayerErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final HttpField JSON_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NO_SNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField RETRY_AFTER = new HttpField(HttpHeader.RETRY_AFTER, "1");
    /** Refusals held at once by each holder; beyond, the oldest is answered at once (Jetty's default). */
    private static final int MAX_HELD_REFUSALS = 1000;
    private static final HttpField CLOSE = new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

    private HttpLayerErrors() {
    }

    /**
     * Answers a request with the {@code XiqError} of a status and closes the connection after it: whatever the
     * client still sends of this request is not read as another one.
     *
     * @param status the status of the refusal; a 503 carries {@code Retry-After: 1}
     * @param what the request, for the log
     */
    public static void refuse(Request request, Response response, Callback callback, int status, String what) {
        refuse(request, response, callback, status, what, true);
    }

    /**
     * Refusals answered 503 after a delay, held on Jetty's scheduler meanwhile ({@link DoSHandler.DelayedRejectHandler},
     * on no thread): a client that retries at once on a 503 then costs one cheap refusal per delay, not a core.
     *
     * @param delay how long each refusal is held
     * @param what the requests refused, for the log
     * @param close whether the connection is closed after each
     * @return the handler to give the refused requests to; a bean of the handler that refuses, with its server
     */
    static DoSHandler.DelayedRejectHandler heldRefusals(Duration delay, String what, boolean close) {
        return new DoSHandler.DelayedRejectHandler(delay.toMillis(), MAX_HELD_REFUSALS, (request, response, callback) -> {
            refuse(request, response, callback, 503, what, close);
            return true;
        });
    }

    /**
     * @param close whether the connection is closed after the answer (it is anyway if the request's body was not
     *     read whole)
     */
    static void refuse(Request request, Response response, Callback callback, int status, String what,
            boolean close) {
        ErrorCode code = ErrorCode.forStatus(status);
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("refused after its answer began: " + what));
            return;
        }
        response.reset();
        response.getHeaders().put(NO_STORE);
        if (close) {
            response.getHeaders().put(CLOSE);
        }
        write(response, callback, code, status, what, null);
    }

    /**
     * Writes the {@code XiqError} of a code as the whole response: its status, its JSON headers
     * ({@code Retry-After: 1} with a 503) and its body, logged under a fresh {@code error_id}.
     *
     * @param status what the HTTP layer would have answered, for the log and the {@code Retry-After}
     * @param what the request, for the log
     * @param cause the failure, if there is one
     */
    static void write(Response response, Callback callback, ErrorCode code, int status, String what,
            Throwable cause) {
        byte[] body = body(code, status, what, cause);
        response.setStatus(code.status().getStatusCode());
        jsonHeaders(response.getHeaders(), status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Puts the headers of an {@code XiqError} body, its length aside. */
    static void jsonHeaders(HttpFields.Mutable headers, int status) {
        headers.put(JSON_TYPE);
        headers.put(NO_SNIFF);
        if (status == 503) {
            headers.put(RETRY_AFTER);
        }
    }

    /**
     * @param status what the HTTP layer would have answered
     * @param what the request, for the log
     * @param cause the failure, if there is one
     * @return the JSON body, whose code's status the response must take
     */
    static byte[] body(ErrorCode code, int status, String what, Throwable cause) {
        String errorId = ErrorResponses.newErrorId();
        // A refusal of the request (even 501, 505) or a 503 is no failure of the server: only a 500 is an ERROR.
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("error_id={} status={} error_code={} the HTTP layer failed to serve {}", errorId, status, code,
                    what, cause);
        } else {
            LOG.info("error_id={} status={} error_code={} reason=request refused by the HTTP layer: {}", errorId,
                    status, code, what);
        }
        try {
            return JSON.writeValueAsBytes(new XiqError(code.name(), errorId, code.message(), code.description()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an XiqError always serializes", e);
        }
    }
}
