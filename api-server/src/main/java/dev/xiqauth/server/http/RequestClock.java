package dev.xiqauth.server.http;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Where the request on one connection stands, and when that stage must end. Changed from the
 * selector thread (reads), a request thread (response complete) and the timer thread (expiry), hence
 * synchronized; every change is a few field writes.
 */
final class RequestClock {
    enum Phase {
        /** Between requests: Grizzly's keep-alive idle timeout applies. */
        IDLE,
        /** Receiving a request head; deadline: head timeout. */
        HEAD,
        /** Head parsed, receiving its body; deadline: body timeout. */
        BODY,
        /** Complete request handed to the application: no deadline. */
        DISPATCHED,
        /** Refused (408/413), closing, or closed: nothing more is processed. */
        REFUSED
    }

    record Refusal(Phase was, HttpRequestPacket request) {
    }

    private static final Attribute<RequestClock> ATTRIBUTE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("xiq.RequestClock");

    final Connection<?> connection;
    private final RequestDeadlines deadlines;
    private Phase phase = Phase.IDLE;
    private HttpRequestPacket request;
    /** Read and written by the DelayQueue's resolver only. */
    volatile long timeoutMillis = DelayedExecutor.UNSET_TIMEOUT;

    private RequestClock(Connection<?> connection, RequestDeadlines deadlines) {
        this.connection = connection;
        this.deadlines = deadlines;
    }

    static RequestClock attach(Connection<?> connection, RequestDeadlines deadlines) {
        RequestClock clock = new RequestClock(connection, deadlines);
        ATTRIBUTE.set(connection, clock);
        return clock;
    }

    /** @return the connection's clock, or null on a connection the guard filter never saw accepted */
    static RequestClock of(Connection<?> connection) {
        return ATTRIBUTE.get(connection);
    }

    /** Accepted, or bytes arrived on an idle connection: a request head has begun. */
    synchronized void headStarted() {
        if (phase == Phase.IDLE) {
            phase = Phase.HEAD;
            deadlines.arm(this, deadlines.headMillis());
        }
    }

    /** A request's head is in: until its response is complete, a graceful stop waits for it. */
    private void enterRequest() {
        if (phase != Phase.BODY && phase != Phase.DISPATCHED) {
            deadlines.requestsInProgress().enter();
        }
    }

    private void leaveRequest() {
        if (phase == Phase.BODY || phase == Phase.DISPATCHED) {
            deadlines.requestsInProgress().leave();
        }
    }

    synchronized Phase phase() {
        return phase;
    }

    /** @return false if the connection was refused meanwhile */
    synchronized boolean bodyStarted(HttpRequestPacket headOfBody) {
        if (phase == Phase.REFUSED) {
            return false;
        }
        enterRequest();
        phase = Phase.BODY;
        request = headOfBody;
        deadlines.arm(this, deadlines.bodyMillis());
        return true;
    }

    /** @return false if the connection was refused meanwhile (the timer answered 408 first) */
    synchronized boolean dispatched() {
        if (phase == Phase.REFUSED) {
            return false;
        }
        enterRequest();
        phase = Phase.DISPATCHED;
        request = null;
        deadlines.disarm(this);
        return true;
    }

    synchronized void responseComplete() {
        if (phase != Phase.REFUSED) {
            leaveRequest();
            phase = Phase.IDLE;
            request = null;
            deadlines.disarm(this);
        }
    }

    /** Ends processing on this connection; the caller acts on what it was doing. */
    synchronized Refusal refuse() {
        Refusal refusal = new Refusal(phase, request);
        leaveRequest();
        phase = Phase.REFUSED;
        request = null;
        deadlines.disarm(this);
        return refusal;
    }
}
