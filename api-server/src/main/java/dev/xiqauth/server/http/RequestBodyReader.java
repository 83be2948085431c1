package dev.xiqauth.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body whole before the application sees it, as the network delivers it and on no
 * thread while it waits (Jetty's demand model: {@link Request#read()}, {@link Request#demand}), so that
 * Jersey, on a request thread, never waits for a client. A body larger than the limit is answered 413, one
 * not complete within the body timeout 408, and a client that hangs up mid-body is counted as an abort.
 *
 * <p>A 413 for a body still arriving is answered while the client sends: the rest is read and thrown away
 * until it ends or the linger time passes, and only then is the connection closed (RFC 9112, section 9.6).
 * Closed at once, the client's unread bytes would make the kernel reset the connection, which destroys the
 * answer before the client reads it.
 *
 * <p>Jetty 12.1's {@code EagerContentHandler} reads a body ahead in the same way, but up to a size only (a
 * larger body reaches the application partly read), with no deadline and no linger: it bounds neither the
 * bytes nor the time a slow client holds.
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
        new Reading(request, response, callback, length).run();
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
        Discarding discard = new Discarding(callback);
        HttpLayerErrors.refuse(request, response, discard.answerWritten(), status, what);
        request.getComponents().getScheduler().schedule(discard::readingDone, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        new Drain(request, discard).run();
    }

    /** Reads and throws away what still arrives of a refused request's body, until its end or a failure. */
    private static final class Drain implements Runnable {
        private final Request request;
        private final Discarding discard;

        Drain(Request request, Discarding discard) {
            this.request = request;
            this.discard = discard;
        }

        @Override
        public void run() {
            while (!discard.isReadingDone()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
                chunk.release();
                if (end) {
                    discard.readingDone();
                    return;
                }
            }
        }
    }

    /** One body being read: it ends once, by its last byte, its deadline, its size or its failure. */
    private final class Reading implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Scheduler.Task deadline;
        Reading(Request request, Response response, Callback callback, long length) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
            this.deadline = request.getComponents().getScheduler().schedule(this::late, timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        /** Reads what has arrived; asks to be called again when more does. */
        @Override
        public void run() {
            while (!ended.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    if (ended.compareAndSet(false, true)) {
                        deadline.cancel();
                        onClientAbort.run(); // the client hung up, or the connection broke: nobody reads an answer
                        callback.failed(chunk.getFailure());
                    }
                    return;
                }
                boolean last = chunk.isLast();
                append(body, chunk.getByteBuffer());
                chunk.release();
                if (body.size() > maxBytes) {
                    tooLarge(); // what still arrives is read and thrown away from here on
                    return;
                }
                if (last) {
                    whole();
                    return;
                }
            }
        }

        private void late() {
            if (ended.compareAndSet(false, true)) {
                HttpLayerErrors.refuse(request, response, callback, 408, "a body not complete within " + timeout);
            }
        }

        private void tooLarge() {
            if (ended.compareAndSet(false, true)) {
                deadline.cancel();
                refuseWhileArriving(request, response, callback, 413, "a body of more than " + maxBytes + " bytes");
            }
        }

        private void whole() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            deadline.cancel();
            try {
                if (!RequestBodyReader.super.handle(new WholeBody(request, body.toByteArray()), response, callback)) {
                    HttpLayerErrors.refuse(request, response, callback, 404, "a request nothing serves", false);
                }
            } catch (Exception failure) {
                callback.failed(failure);
            }
        }
    }

    /** A refused body being thrown away: the request ends once its answer is written and the reading stopped. */
    private static final class Discarding {
        private final Callback callback;
        private final AtomicInteger pending = new AtomicInteger(2);
        private final AtomicBoolean readingDone = new AtomicBoolean();

        Discarding(Callback callback) {
            this.callback = callback;
        }

        boolean isReadingDone() {
            return readingDone.get();
        }

        Callback answerWritten() {
            return Callback.from(this::oneDone, failure -> callback.failed(failure));
        }

        void readingDone() {
            if (readingDone.compareAndSet(false, true)) {
                oneDone();
            }
        }

        private void oneDone() {
            if (pending.decrementAndGet() == 0) {
                callback.succeeded();
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
