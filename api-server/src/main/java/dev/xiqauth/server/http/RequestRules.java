package dev.xiqauth.server.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The RFC 9110/9112 rules on a request's head that Jetty's strict parsing
 * ({@link org.eclipse.jetty.http.HttpCompliance#RFC9110}) lets through, each refused with one {@code XiqError}
 * and a close: a transfer coding other than {@code chunked} (Jetty frames {@code gzip, chunked} as chunked and
 * hands the still-coded body on: 501), a body on a {@code GET}, {@code HEAD}, {@code DELETE} or {@code TRACE}
 * (400), a {@code CONNECT} (400), and
 * {@code Connection} tokens that contradict each other (400). A declared length over the limit is answered 413
 * first, whatever the method.
 */
public final class RequestRules extends Handler.Wrapper {
    /** Methods whose content has no defined meaning (RFC 9110, 9.3): a body on them puts framing in doubt. */
    private static final Set<String> WITHOUT_CONTENT = Set.of("GET", "HEAD", "DELETE", "TRACE");

    private final long maxBodyBytes;

    /**
     * @param next what serves the requests that keep the rules
     * @param maxBodyBytes the largest body: a larger declared length is answered 413 before any rule
     */
    public RequestRules(Handler next, long maxBodyBytes) {
        super(next);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() > maxBodyBytes) {
            RequestBodyReader.refuseWhileArriving(request, response, callback, 413, "Content-Length "
                    + request.getLength() + " over the limit of " + maxBodyBytes + " bytes");
            return true;
        }
        int status = refusal(request);
        if (status == 0) {
            return super.handle(request, response, callback);
        }
        HttpLayerErrors.refuse(request, response, callback, status, "a " + request.getMethod()
                + " request against RFC 9110/9112 (" + status + ")");
        return true;
    }

    private static int refusal(Request request) {
        boolean close = false;
        boolean keepAlive = false;
        int codings = 0;
        boolean chunkedOnly = true;
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.TRANSFER_ENCODING) {
                for (String coding : field.getValues()) {
                    codings++;
                    chunkedOnly &= "chunked".equalsIgnoreCase(coding.strip());
                }
            } else if (field.getHeader() == HttpHeader.CONNECTION) {
                List<String> tokens = field.getValueList().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
                close |= tokens.contains("close");
                keepAlive |= tokens.contains("keep-alive");
            }
        }
        if (close && keepAlive) {
            return 400;
        }
        if (codings > 0 && !(codings == 1 && chunkedOnly)) {
            return 501;
        }
        if ("CONNECT".equals(request.getMethod())) {
            return 400; // a tunnel: no origin server's request
        }
        boolean hasBody = request.getLength() > 0 || codings > 0;
        return hasBody && WITHOUT_CONTENT.contains(request.getMethod()) ? 400 : 0;
    }
}
