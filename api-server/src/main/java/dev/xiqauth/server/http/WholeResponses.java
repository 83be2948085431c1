package dev.xiqauth.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each answer of the application in one write, with its {@code Content-Length}, up to a size: a
 * client reads one framed body, never chunks. Jersey's Jetty container streams every entity and flushes
 * before its last write, and that flush commits the response to chunking, Jetty's
 * {@code BufferedResponseHandler} included; a larger answer (the API's documents) is streamed as before.
 */
public final class WholeResponses extends Handler.Wrapper {
    /** Larger than any JSON answer of the API. */
    private static final int MAX_HELD = 64 * 1024;

    public WholeResponses(Handler application) {
        super(application);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, new Held(request, response), callback);
    }

    /** The response as the application writes it: held until its last write, or until it grows too large. */
    private static final class Held extends Response.Wrapper {
        private ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Held(Request request, Response response) {
            super(request, response);
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (pending == null) {
                super.write(last, content, callback);
                return;
            }
            if (content != null) {
                RequestBodyReader.append(pending, content);
            }
            if (!last && pending.size() <= MAX_HELD) {
                callback.succeeded();
                return;
            }
            byte[] held = pending.toByteArray();
            pending = null;
            if (last && !isCommitted()) {
                getHeaders().put(HttpHeader.CONTENT_LENGTH, held.length);
            }
            super.write(last, ByteBuffer.wrap(held), callback);
        }
    }
}
