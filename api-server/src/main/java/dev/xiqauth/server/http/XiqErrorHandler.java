package dev.xiqauth.server.http;

import dev.xiqauth.server.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler, answering in {@code XiqError} instead of an HTML page: the requests Jetty refuses
 * itself (a head it cannot parse: 400, 431, 505...), the refusals of its handlers (QoS: 503; stopping:
 * 503), and a failure between Jetty and Jersey. The cause goes to the log only, under the body's
 * {@code error_id}.
 */
public final class XiqErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int jettyStatus, String message,
            Throwable cause, Callback callback) {
        int status = answered(jettyStatus);
        ErrorCode code = unusableUri(cause) ? ErrorCode.MALFORMED_REQUEST : ErrorCode.forStatus(status);
        HttpLayerErrors.write(response, callback, code, status, request.getMethod() + " request ("
                + (message == null ? "refused by Jetty" : message) + ")", cause);
    }

    /** Every refusal has its {@code XiqError}: Jetty's own writes a page for GET, POST and HEAD only. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** A head so broken that no request was made of it: the body of Jetty's answer. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorCode code = ErrorCode.forStatus(answered(status));
        byte[] body = HttpLayerErrors.body(code, status, "a request Jetty could not read (" + reason + ")", null);
        HttpLayerErrors.jsonHeaders(fields, status); // Jetty frames the body it is given
        return ByteBuffer.wrap(body);
    }

    /**
     * A request Jersey's container cannot turn into a URI (a Host that RFC 3986 allows and {@link URI} does not,
     * such as {@code local)ost}): the client's request, not a failure of the server.
     */
    private static boolean unusableUri(Throwable cause) {
        for (Throwable failure = cause; failure != null; failure = failure.getCause()) {
            if (failure instanceof URISyntaxException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Jetty answers a request line naming HTTP/2.0 with 426 (upgrade to HTTP/2): there is no HTTP/2 here, and the
     * version is not supported (505).
     */
    private static int answered(int jettyStatus) {
        return jettyStatus == 426 ? 505 : jettyStatus;
    }
}
