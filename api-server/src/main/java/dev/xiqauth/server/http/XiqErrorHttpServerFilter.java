package dev.xiqauth.server.http;

import dev.xiqauth.server.error.ErrorCode;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.KeepAlive;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Grizzly's HTTP codec answers the requests it cannot parse itself (headers too large, a malformed
 * request line, a GET with a body) before Jersey sees them, with an empty 400. This codec gives
 * those answers the same {@code XiqError} body, with an {@code error_id} in the log, as every other
 * error.
 */
public final class XiqErrorHttpServerFilter extends HttpServerFilter {

    public XiqErrorHttpServerFilter(boolean chunkingEnabled, int maxHeadersSize, KeepAlive keepAlive,
            DelayedExecutor executor, int maxRequestHeaders, int maxResponseHeaders) {
        super(chunkingEnabled, maxHeadersSize, null, keepAlive, executor, maxRequestHeaders, maxResponseHeaders);
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
}
