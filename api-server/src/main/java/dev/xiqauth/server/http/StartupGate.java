package dev.xiqauth.server.http;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * What a listener serves between opening its port and the application being ready: {@code 503} with
 * {@code Retry-After}, never a {@code 404} that a load balancer or a client would take for an answer.
 * The port opens first because the default issuer names the port actually bound ({@code --port 0});
 * {@link #open} then hands every request to the application.
 */
public final class StartupGate extends HttpHandler {
    private volatile HttpHandler application;

    /**
     * Starts the application's handler and serves it from now on.
     *
     * @param ready the application
     */
    public void open(HttpHandler ready) {
        ready.start();
        application = ready;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        HttpHandler ready = application;
        if (ready != null) {
            ready.service(request, response);
            return;
        }
        HttpLayerErrors.writeServiceUnavailable(response, "a request before the server was ready");
    }

    @Override
    public void destroy() {
        HttpHandler ready = application;
        if (ready != null) {
            ready.destroy();
        }
    }
}
