package dev.xiqauth.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body whole before the application sees it, so that Jersey, on a request thread, never
 * waits for a client: Jetty reads it as the network delivers it, on no thread while it waits
 * ({@link Content.Source#asByteArrayAsync}). A body larger than the limit is answered 413, one not complete
 * within the body timeout 408 (the deadline fails the request's content on Jetty's scheduler), and a client
 * that hangs up mid-body is counted as an abort.
 *
 * <p>A 413 for a body still arriving is answered while the client sends: the rest is read and thrown away
 * ({@link Content.Source#consumeAll}) until it ends or the linger time passes, and only then is the connection
 * closed (RFC 9112, section 9.6). Closed at once, the client's unread bytes would make the kernel reset the
 * connection, which destroys the answer before the client reads it. Jetty's own limits fail the request's
 * content instead ({@code SizeLimitHandler}, the size of {@code asByteArrayAsync}), which leaves nothing to
 * read it, and {@code EagerContentHandler} reads ahead up to a size only, with no deadline: the limit here
 * fails the reading of this handler alone.
 */
public final class RequestBodyReader extends Handler.Wrapper {
    /** Long enough for a client on a slow link to send what it had in flight and read the refusal. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final int maxBytes;
    private final Duration timeout;
    private final Runnable onClientAbort;

    /**
     * @param next what serves the requests whose body has arrived
     * @param maxBytes the largest body read
     * @param timeout from here to the body's last byte
     * @param onClientAbort called when a client hangs up before its body is complete
     */
    public RequestBodyReader(Handler next, int maxBytes, Duration timeout, Runnable onClientAbort) {
        super(next);
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.onClientAbort = onClientAbort;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength();
        if (length == 0 || length < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return super.handle(request, response, callback);
        }
        if (length > maxBytes) {
            refuseWhileArriving(request, response, callback, 413, "Content-Length " + length + " over the limit of "
                    + maxBytes + " bytes");
            return true;
        }
        Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> request.fail(
                new TimeoutException("a body not complete within " + timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        Content.Source.asByteArrayAsync(new Bounded(request, maxBytes), -1, new Promise.Invocable<>() {
            @Override
            public void succeeded(byte[] body) {
                deadline.cancel();
                try {
                    if (!RequestBodyReader.super.handle(new WholeBody(request, body), response, callback)) {
                        HttpLayerErrors.refuse(request, response, callback, 404, "a request nothing serves", false);
                    }
                } catch (Exception failure) {
                    callback.failed(failure);
                }
            }

            @Override
            public void failed(Throwable failure) {
                deadline.cancel();
                if (failure instanceof TimeoutException late) {
                    HttpLayerErrors.refuse(request, response, callback, 408, late.getMessage());
                } else if (failure instanceof TooLarge) {
                    refuseWhileArriving(request, response, callback, 413, "a body of more than " + maxBytes + " bytes");
                } else {
                    onClientAbort.run(); // the client hung up, or the connection broke: nobody reads an answer
                    callback.failed(failure);
                }
            }
        });
        return true;
    }

    /**
     * Answers a request whose body is still arriving and closes its connection only once the client has sent it
     * or the linger time has passed, what arrives meanwhile read and thrown away: never reset under the answer.
     *
     * @param status the refusal's status
     * @param what the request, for the log
     */
    static void refuseWhileArriving(Request request, Response response, Callback callback, int status, String what) {
        AtomicInteger pending = new AtomicInteger(2); // the answer written, and the reading ended or given up
        AtomicBoolean readingDone = new AtomicBoolean();
        Runnable oneDone = () -> {
            if (pending.decrementAndGet() == 0) {
                callback.succeeded();
            }
        };
        Runnable endReading = () -> {
            if (readingDone.compareAndSet(false, true)) {
                oneDone.run();
            }
        };
        HttpLayerErrors.refuse(request, response, Callback.from(oneDone, callback::failed), status, what);
        request.getComponents().getScheduler().schedule(endReading, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        Content.Source.consumeAll(request, Callback.from(endReading, failure -> endReading.run()));
    }

    /** Past the limit, a read fails here without failing the request: what still arrives can be thrown away. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("over the body limit");
        }
    }

    /** The request's body as far as the limit; beyond, one {@link TooLarge} failure. */
    private static final class Bounded extends Request.Wrapper {
        private final long maxBytes;
        private long read;

        Bounded(Request request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null && !Content.Chunk.isFailure(chunk)) {
                read += chunk.remaining();
                if (read > maxBytes) {
                    chunk.release();
                    return Content.Chunk.from(new TooLarge(), true);
                }
            }
            return chunk;
        }

        @Override
        public void fail(Throwable failure) {
            if (!(failure instanceof TooLarge)) {
                super.fail(failure);
            }
        }
    }

    /** Copies what a buffer holds to the end of a stream in memory, once (from its array, when it has one). */
    static void append(ByteArrayOutputStream stream, ByteBuffer bytes) {
        try {
            BufferUtil.writeTo(bytes, stream);
        } catch (IOException impossible) {
            throw new UncheckedIOException("a stream in memory failed", impossible);
        }
    }

    /** The request as the application reads it: its body, whole, already here. */
    private static final class WholeBody extends Request.Wrapper {
        private final byte[] body;
        private boolean read;

        WholeBody(Request request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // the whole body is here: a read never waits
        }

        @Override
        public long getLength() {
            return body.length;
        }
    }
}
