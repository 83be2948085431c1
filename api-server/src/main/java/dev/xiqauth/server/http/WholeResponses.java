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
 *
 * <p>An answer the application ends without a last write of its own (one without a body: a 204, an answer to
 * {@code HEAD}) gets one here before its callback completes. Left to Jetty 12.1, that last write is made by the
 * completion of the callback, and when the callback completes on another thread than the one that called the
 * handler (a body that arrived after its head, read by {@link RequestBodyReader}) while that thread is still
 * returning, Jetty can complete the exchange twice: a 500 with assertions on, an answer never sent without.
 */
public final class WholeResponses extends Handler.Wrapper {
    /** Larger than any JSON answer of the API. */
    private static final int MAX_HELD = 64 * 1024;

    public WholeResponses(Handler application) {
        super(application);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Held held = new Held(request, response);
        return super.handle(request, held, held.endingWithALastWrite(callback));
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
            if (last && !isCommitted() && mayHaveContent(getStatus())) {
                getHeaders().put(HttpHeader.CONTENT_LENGTH, held.length);
            }
            super.write(last, ByteBuffer.wrap(held), callback);
        }

        /** A 1xx, 204 or 304 answer has no content, and no Content-Length of its own (RFC 9110, 8.6). */
        private static boolean mayHaveContent(int status) {
            return status >= 200 && status != 204 && status != 304;
        }

        /**
         * @return the application's callback, which, when it succeeds, first makes the last write if none was made (as
         *     Jetty's response tells: a last write of the application's is passed on at once, never held)
         */
        Callback endingWithALastWrite(Callback callback) {
            return new Callback.Nested(callback) {
                @Override
                public void succeeded() {
                    if (hasLastWrite()) {
                        super.succeeded();
                    } else {
                        write(true, null, getCallback());
                    }
                }
            };
        }
    }
}
