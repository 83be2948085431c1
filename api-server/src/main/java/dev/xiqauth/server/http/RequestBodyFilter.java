package dev.xiqauth.server.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Between Grizzly's IdleTimeoutFilter and its HttpServerFilter: holds a request back until its whole
 * body (at most the limit) has arrived, so that Jersey, on a request thread, only ever sees complete
 * requests and never waits for the network. The body piles up as this filter's stored message
 * ({@code getStopAction(content)}; the next chunk is appended to it, HttpContent being Appendable)
 * as the network delivers it: no thread ever blocks waiting for a byte.
 */
final class RequestBodyFilter extends BaseFilter {
    private final int maxBytes;
    private final XiqErrorHttpServerFilter codec;

    RequestBodyFilter(int maxBytes, XiqErrorHttpServerFilter codec) {
        this.maxBytes = maxBytes;
        this.codec = codec;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return ctx.getInvokeAction();
        }
        RequestClock clock = RequestClock.of(ctx.getConnection());
        if (clock == null) {
            return ctx.getInvokeAction();
        }
        if (HttpContent.isBroken(content)) {
            clock.refuse(); // the codec has answered 400 and is closing the connection
            return ctx.getStopAction();
        }
        RequestClock.Phase phase = clock.phase();
        if (phase == RequestClock.Phase.REFUSED) {
            return ctx.getStopAction();
        }
        if (phase != RequestClock.Phase.BODY && phase != RequestClock.Phase.DISPATCHED && !clock.admit()) {
            // Draining for a stop, or as many requests held as the server may: a bounded 503, never a queue.
            if (clock.refuse().was() != RequestClock.Phase.REFUSED) {
                codec.refuse(ctx.getConnection(), request, 503);
            }
            return ctx.getStopAction();
        }
        if (phase != RequestClock.Phase.BODY && !content.isLast()) {
            // First content of a request whose body is still to come: its head is complete.
            if (!clock.bodyStarted(request)) {
                return ctx.getStopAction();
            }
            if (request.requiresAcknowledgement()) {
                // Expect: 100-continue (the codec refused any other expectation): the client waits for this.
                HttpResponsePacket response = request.getResponse();
                response.setStatus(HttpStatus.CONINTUE_100);
                response.setAcknowledgement(true);
                ctx.write(response); // the codec encodes it and calls response.acknowledged()
            }
        }
        if (content.getContent().remaining() > maxBytes) { // chunked: Content-Length was checked by the codec
            if (clock.refuse().was() != RequestClock.Phase.REFUSED) {
                codec.refuse(ctx.getConnection(), request, 413);
            }
            return ctx.getStopAction();
        }
        if (!content.isLast()) {
            return ctx.getStopAction(content);
        }
        if (!clock.dispatched()) {
            return ctx.getStopAction(); // the timer answered 408 first
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.ResponseCompleteEvent.TYPE) {
            RequestClock clock = RequestClock.of(ctx.getConnection());
            if (clock != null) {
                clock.responseComplete();
            }
        }
        return ctx.getInvokeAction();
    }
}
