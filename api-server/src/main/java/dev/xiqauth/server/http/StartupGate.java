package dev.xiqauth.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What a listener serves between opening its port and the application being ready: {@code 503} with
 * {@code Retry-After}, never a {@code 404} that a load balancer or a client would take for an answer.
 * The port opens first because the default issuer names the port actually bound ({@code --port 0});
 * {@link #open} then hands every request to the application; a dynamic {@link Handler.Wrapper}, its
 * handler is set while the server runs.
 */
public final class StartupGate extends Handler.Wrapper {
    public StartupGate() {
        super(true);
    }

    /**
     * Starts the application's handler and serves it from now on.
     *
     * @param ready the application
     */
    public void open(Handler ready) {
        ready.setServer(getServer());
        // Started before it is set: once set, requests reach it, and a handler reached while it starts fails them
        // (Jetty's ConditionalHandler builds its predicate in doStart: a NullPointerException, answered 500).
        if (isStarted() && !ready.isStarted()) {
            LifeCycle.start(ready); // a handler set on a running wrapper is not started for it
        }
        setHandler(ready);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler ready = getHandler();
        if (ready != null) {
            return ready.handle(request, response, callback);
        }
        HttpLayerErrors.refuse(request, response, callback, 503, "a request before the server was ready", false);
        return true;
    }
}
