package dev.xiqauth.server.http;

import dev.xiqauth.server.error.ErrorCode;
import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.KeepAlive;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Grizzly's HTTP codec, stricter (RFC 9112 framing, header names, Host, version) and answering the
 * requests it refuses itself with an {@code XiqError}, the connection then closed.
 */
public final class XiqErrorHttpServerFilter extends HttpServerFilter {
    private final long maxBodyBytes;
    private final LingeringClose lingeringClose;

    XiqErrorHttpServerFilter(boolean chunkingEnabled, int maxHeadersSize, KeepAlive keepAlive,
            DelayedExecutor executor, int maxRequestHeaders, int maxResponseHeaders, long maxBodyBytes,
            LingeringClose lingeringClose) {
        super(chunkingEnabled, maxHeadersSize, null, keepAlive, executor, maxRequestHeaders, maxResponseHeaders);
        this.maxBodyBytes = maxBodyBytes;
        this.lingeringClose = lingeringClose;
    }

    // A header line without a colon: Grizzly's parseHeaderName scans to the next ':' whatever comes
    // first, CR LF included, so the line swallows the next header (Content-Length...). Refuse the line.

    @Override
    protected boolean parseHeaderName(HttpHeader httpHeader, MimeHeaders mimeHeaders, HeaderParsingState state,
            byte[] input, int end) {
        int arrayOffset = state.arrayOffset;
        int limit = Math.min(end, arrayOffset + state.packetLimit);
        for (int i = arrayOffset + state.offset; i < limit && input[i] != ':'; i++) {
            if (!RequestHeadRules.isTokenChar(input[i])) {
                throw new IllegalStateException("not a header name"); // the codec answers 400 and closes
            }
        }
        if (arrayOffset + state.offset < limit && input[arrayOffset + state.offset] == ':'
                && state.offset == state.start) {
            throw new IllegalStateException("empty header name");
        }
        return super.parseHeaderName(httpHeader, mimeHeaders, state, input, end);
    }

    @Override
    protected boolean parseHeaderName(HttpHeader httpHeader, MimeHeaders mimeHeaders, HeaderParsingState state,
            Buffer input) {
        int limit = Math.min(input.limit(), state.packetLimit);
        for (int i = state.offset; i < limit && input.get(i) != ':'; i++) {
            if (!RequestHeadRules.isTokenChar(input.get(i))) {
                throw new IllegalStateException("not a header name");
            }
        }
        if (state.offset < limit && input.get(state.offset) == ':' && state.offset == state.start) {
            throw new IllegalStateException("empty header name");
        }
        return super.parseHeaderName(httpHeader, mimeHeaders, state, input);
    }

    /**
     * Starts the head deadline of a request arriving on an idle connection, pipelined ones included:
     * Grizzly hands those straight back to the codec, past the filters before it.
     */
    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        RequestClock clock = RequestClock.of(ctx.getConnection());
        if (clock != null) {
            clock.headStarted(); // no-op unless the connection was idle between two requests
        }
        return super.handleRead(ctx);
    }

    /**
     * As Grizzly's own, but closing the connection by {@link LingeringClose}: a head refused for its
     * declared body (413) is answered while that body is still on its way.
     */
    @Override
    protected void onHttpHeaderError(HttpHeader httpHeader, FilterChainContext ctx, Throwable t) {
        answerableVersion(httpHeader);
        answerAsError(ctx.getConnection(), ((HttpRequestPacket) httpHeader).getResponse());
    }

    @Override
    protected void onHttpContentError(HttpHeader httpHeader, FilterChainContext ctx, Throwable t) {
        answerableVersion(httpHeader);
        answerAsError(ctx.getConnection(), ((HttpRequestPacket) httpHeader).getResponse());
        httpHeader.setContentBroken(true);
    }

    private void answerAsError(Connection<?> connection, HttpResponsePacket response) {
        if (response.isCommitted()) {
            connection.closeSilently();
            return;
        }
        if (response.getStatus() < 400) {
            response.setStatus(400);
        }
        lingeringClose.answerAndClose(connection, customizeErrorResponse(response));
    }

    /**
     * The codec answers in the request's own HTTP version, which it reads lazily: a head it cannot
     * read whose version is unreadable too ({@code http/1.1}, {@code HTTP/1.2}) would leave its 400
     * unwritten, the connection closed in silence. Such a request is answered in HTTP/1.1.
     */
    private static void answerableVersion(HttpHeader header) {
        try {
            header.getProtocol();
        } catch (IllegalStateException unreadableVersion) {
            header.setProtocol(Protocol.HTTP_1_1);
        }
    }

    /**
     * Grizzly turns a request with an {@code Upgrade} header into a raw stream (ignoring Content-Length),
     * whose body never ends. Nothing is upgraded here: the body keeps its framing; Grizzly still
     * closes the connection after the response because isUpgrade() stays true.
     */
    @Override
    protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
    }

    @Override
    protected boolean onHttpHeaderParsed(HttpHeader httpHeader, Buffer buffer, FilterChainContext ctx) {
        HttpRequestPacket request = (HttpRequestPacket) httpHeader;
        int status = RequestHeadRules.beforeGrizzly(request, maxBodyBytes);
        if (status == 0) {
            if (super.onHttpHeaderParsed(httpHeader, buffer, ctx)) {
                return true; // Grizzly refused it: unknown version 505, no Host 400, differing lengths 400...
            }
            status = RequestHeadRules.afterGrizzly(request);
        }
        if (status == 0) {
            return false;
        }
        request.getResponse().setStatus(status);
        request.setProtocol(Protocol.HTTP_1_1); // as Grizzly does for 505: the answer is HTTP/1.1
        return true; // handleRead throws, onHttpHeaderError answers customizeErrorResponse() and closes
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        ErrorCode code = HttpLayerErrors.codeFor(response.getStatus());
        byte[] body = HttpLayerErrors.body(code, response.getStatus(), "a request the codec could not read", null);
        response.setStatus(code.status().getStatusCode());
        response.setContentType("application/json");
        response.getHeaders().setValue("Content-Type").setString("application/json");
        response.setContentLength(body.length);
        response.addHeader("X-Content-Type-Options", "nosniff");
        return HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true)
                .build();
    }

    /**
     * Answers a request whose head was parsed but which never reached the application (body too slow:
     * 408, too large: 413, the server stopping: 503), from any thread, then closes the connection
     * by {@link LingeringClose}, for the rest of the body may still be arriving.
     */
    void refuse(Connection<?> connection, HttpRequestPacket request, int status) {
        request.setContentBroken(true); // the codec parses nothing more on this connection
        HttpResponsePacket response = request.getResponse();
        if (response.isCommitted()) {
            connection.closeSilently();
            return;
        }
        response.setStatus(status);
        if (status == 503) {
            response.setHeader("Retry-After", "1");
        }
        lingeringClose.answerAndClose(connection, customizeErrorResponse(response));
    }
}
