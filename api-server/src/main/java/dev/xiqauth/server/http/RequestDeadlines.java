package dev.xiqauth.server.http;

import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * The deadlines of every connection of one listener, on the add-on's DelayedExecutor: a head not
 * complete in time closes the connection; a body not complete in time is answered 408, then closed.
 */
final class RequestDeadlines {
    private final long headMillis;
    private final long bodyMillis;
    private final XiqErrorHttpServerFilter codec;
    private final DelayedExecutor.DelayQueue<RequestClock> queue;
    private final RequestsInProgress requestsInProgress;

    RequestDeadlines(DelayedExecutor timer, HttpLimits limits, XiqErrorHttpServerFilter codec,
            RequestsInProgress requestsInProgress) {
        this.requestsInProgress = requestsInProgress;
        this.headMillis = limits.headTimeout().toMillis();
        this.bodyMillis = limits.bodyTimeout().toMillis();
        this.codec = codec;
        this.queue = timer.createDelayQueue(this::expired, new DelayedExecutor.Resolver<>() {
            @Override
            public boolean removeTimeout(RequestClock clock) {
                if (clock.timeoutMillis != DelayedExecutor.UNSET_TIMEOUT) {
                    clock.timeoutMillis = DelayedExecutor.UNSET_TIMEOUT;
                    return true;
                }
                return false;
            }

            @Override
            public long getTimeoutMillis(RequestClock clock) {
                return clock.timeoutMillis;
            }

            @Override
            public void setTimeoutMillis(RequestClock clock, long timeoutMillis) {
                clock.timeoutMillis = timeoutMillis;
            }
        });
    }

    /** @return the requests whose head has arrived and whose response is not complete */
    RequestsInProgress requestsInProgress() {
        return requestsInProgress;
    }

    long headMillis() {
        return headMillis;
    }

    long bodyMillis() {
        return bodyMillis;
    }

    void arm(RequestClock clock, long millis) {
        queue.add(clock, millis, TimeUnit.MILLISECONDS);
    }

    void disarm(RequestClock clock) {
        queue.remove(clock);
    }

    /** On the timer thread; must not block. @return true: done with this element */
    private boolean expired(RequestClock clock) {
        RequestClock.Refusal refusal = clock.expire();
        if (refusal == null) {
            return false; // moved on since the timer looked: any new deadline stays armed
        }
        switch (refusal.was()) {
            case HEAD -> clock.connection.closeSilently();
            case BODY -> codec.refuse(clock.connection, refusal.request(), 408);
            default -> {
                // answered, dispatched or closed meanwhile
            }
        }
        return true;
    }
}
