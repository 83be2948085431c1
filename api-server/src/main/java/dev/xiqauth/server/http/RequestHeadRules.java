package dev.xiqauth.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * The RFC 9110/9112 rules on a request head that Grizzly 4.0.2's codec does not enforce. Each method
 * answers the status to refuse with, or 0.
 */
final class RequestHeadRules {
    /** An RFC 3986 host (an IP literal, or a reg-name) and an optional port. */
    private static final Pattern HOST =
            Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::([0-9]{1,5}))?");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,18}");

    private RequestHeadRules() {
    }

    /** RFC 9110 5.6.2: a header name is a token. */
    static boolean isTokenChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    /** Before Grizzly prepares the request: version, framing headers, Host count, Expect. */
    static int beforeGrizzly(HttpRequestPacket request, long maxBodyBytes) {
        Protocol protocol;
        try {
            protocol = request.getProtocol();
        } catch (IllegalStateException unknown) {
            return 0; // Grizzly answers 505 itself
        }
        if (protocol != Protocol.HTTP_1_1 && protocol != Protocol.HTTP_1_0) {
            return 505; // HTTP/2.0 (h2 prior knowledge, "PRI *") and HTTP/0.9 are parsed by Grizzly
        }
        MimeHeaders headers = request.getHeaders();
        int contentLengths = 0;
        int hosts = 0;
        String contentLength = null;
        List<String> codings = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            String value = headers.getValue(i).toString().strip();
            if (name.equalsIgnoreCase("content-length")) {
                contentLengths++;
                contentLength = value;
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                for (String coding : value.split(",")) {
                    if (!coding.isBlank()) {
                        codings.add(coding.strip().toLowerCase(Locale.ROOT));
                    }
                }
            } else if (name.equalsIgnoreCase("host")) {
                hosts++;
            } else if (name.equalsIgnoreCase("expect") && !value.equalsIgnoreCase("100-continue")) {
                return 417;
            }
        }
        if (hosts > 1) {
            return 400; // RFC 9112 3.2
        }
        if (!codings.isEmpty()) {
            if (protocol == Protocol.HTTP_1_0 || contentLengths > 0) {
                return 400; // RFC 9112 6.1, 6.3: ambiguous framing, a smuggling attempt
            }
            if (codings.indexOf("chunked") != codings.size() - 1) {
                return 400; // RFC 9112 6.3: chunked must be the final coding (and appear once)
            }
            if (codings.size() > 1) {
                return 501; // RFC 9112 6.1: a transfer coding not implemented (gzip, deflate...)
            }
        }
        if (request.getMethod() == Method.CONNECT || request.getMethod() == Method.PRI) {
            return 400; // Grizzly expects a body until the connection closes: no origin server's request
        }
        if ((contentLengths > 0 || !codings.isEmpty())
                && request.getMethod().getPayloadExpectation() == Method.PayloadExpectation.NOT_ALLOWED) {
            return 400; // TRACE: Grizzly would leave the body on the connection, to be read as a request
        }
        if (contentLengths > 1) {
            return 400; // RFC 9110 8.6 allows refusing repeated values, identical or not
        }
        if (contentLengths == 1) {
            if (!CONTENT_LENGTH.matcher(contentLength).matches()) {
                return 400; // not 1*DIGIT: "-1", "+5", "5, 5", "0x10", too many digits
            }
            if (Long.parseLong(contentLength) > maxBodyBytes) {
                return 413;
            }
        }
        return 0;
    }

    /** After Grizzly prepared the request (an absolute-form target has replaced Host by then). */
    static int afterGrizzly(HttpRequestPacket request) {
        String host = request.getHeader(Header.Host);
        if (host == null) {
            return 0; // HTTP/1.0 without Host; HTTP/1.1 without one was refused by Grizzly already
        }
        Matcher matcher = HOST.matcher(host.strip());
        if (!matcher.matches() || matcher.group(1) != null && Integer.parseInt(matcher.group(1)) > 65_535) {
            return 400; // Grizzly's HttpCodecUtils.parseHost would throw later, in Jersey's thread
        }
        return 0;
    }
}
