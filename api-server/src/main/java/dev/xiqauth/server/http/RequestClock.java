package dev.xiqauth.server.http;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Where the request on one connection stands, and when that stage must end. Changed from the
 * network threads (reads), a request thread (response complete) and the timer thread (expiry), hence
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
    private boolean counted;
    private long deadlineNanos;
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
            arm(deadlines.headMillis());
        }
    }

    /**
     * A request's head is in: it is admitted, and counted in progress until its response is complete,
     * unless the server is draining or holds as many requests as it may.
     *
     * @return whether it is admitted
     */
    synchronized boolean admit() {
        if (phase == Phase.REFUSED) {
            return false;
        }
        if (!counted) {
            counted = deadlines.requestsInProgress().tryEnter();
        }
        return counted;
    }

    private void leaveRequest() {
        if (counted) {
            counted = false;
            deadlines.requestsInProgress().leave();
        }
    }

    private void arm(long millis) {
        deadlineNanos = System.nanoTime() + millis * 1_000_000;
        deadlines.arm(this, millis);
    }

    /**
     * The timer found this clock's deadline passed. A request may have moved on since the timer
     * looked (its body completed, its response too): then nothing is refused.
     *
     * @return what was refused, or null if the deadline no longer applies
     */
    synchronized Refusal expire() {
        if (phase != Phase.HEAD && phase != Phase.BODY || System.nanoTime() < deadlineNanos) {
            return null;
        }
        return refuse();
    }

    synchronized Phase phase() {
        return phase;
    }

    /** @return false if the connection was refused meanwhile */
    synchronized boolean bodyStarted(HttpRequestPacket headOfBody) {
        if (phase == Phase.REFUSED) {
            return false;
        }
        phase = Phase.BODY;
        request = headOfBody;
        arm(deadlines.bodyMillis());
        return true;
    }

    /** @return false if the connection was refused meanwhile (the timer answered 408 first) */
    synchronized boolean dispatched() {
        if (phase == Phase.REFUSED) {
            return false;
        }
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
