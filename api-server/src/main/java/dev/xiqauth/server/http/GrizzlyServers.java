package dev.xiqauth.server.http;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Grizzly listeners as this server runs them: the strict codec that answers in {@code XiqError} and
 * hands the application only whole requests ({@link XiqErrorAddOn}), a keep-alive idle timeout, and
 * a fixed pool of request threads.
 */
public final class GrizzlyServers {
    private static final String LISTENER = "grizzly";

    private GrizzlyServers() {
    }

    /**
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @param workerThreads request threads
     * @param keepAliveIdle how long a connection may stay idle between requests
     * @param xiqErrors the codec add-on, shared by every listener of the process
     * @return a server, not started, answering 503 until {@link #serve} gives it the application
     */
    public static HttpServer create(String host, int port, int workerThreads, Duration keepAliveIdle,
            XiqErrorAddOn xiqErrors) {
        return create(host, port, workerThreads, keepAliveIdle, xiqErrors, Optional.empty());
    }

    /**
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @param workerThreads request threads
     * @param keepAliveIdle how long a connection may stay idle between requests
     * @param xiqErrors the codec add-on, shared by every listener of the process
     * @param tls how to make the TLS engines, for a listener that serves HTTPS only
     * @return a server, not started, answering 503 until {@link #serve} gives it the application
     */
    public static HttpServer create(String host, int port, int workerThreads, Duration keepAliveIdle,
            XiqErrorAddOn xiqErrors, Optional<SSLEngineConfigurator> tls) {
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + hostForUri(host) + ":" + port + "/"), false);
        http.getServerConfiguration().setDefaultErrorPageGenerator(new XiqErrorPageGenerator());
        NetworkListener listener = http.getListener(LISTENER);
        // Before start(): the listener's idle-timeout filter is built from it then.
        listener.getKeepAlive().setIdleTimeoutInSeconds(Math.toIntExact(keepAliveIdle.toSeconds()));
        listener.registerAddOn(xiqErrors);
        tls.ifPresent(engines -> {
            listener.setSecure(true); // every byte is TLS: a request in clear is not answered at all
            listener.setSSLEngineConfig(engines);
        });
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("xiq-auth-http").setCorePoolSize(workerThreads).setMaxPoolSize(workerThreads));
        http.getServerConfiguration().addHttpHandler(new StartupGate(), "/");
        return http;
    }

    /**
     * @param server a server
     * @param application what it serves at {@code /}
     */
    public static void serve(HttpServer server, ResourceConfig application) {
        serve(server, application, UnaryOperator.identity());
    }

    /**
     * @param server a server
     * @param application what it serves at {@code /}
     * @param inFront what handles each request before the application, given the application's handler
     */
    public static void serve(HttpServer server, ResourceConfig application, UnaryOperator<HttpHandler> inFront) {
        StartupGate gate = (StartupGate) server.getServerConfiguration().getHttpHandlersWithMapping().keySet()
                .stream().filter(StartupGate.class::isInstance).findFirst()
                .orElseThrow(() -> new IllegalStateException("the server was not made by GrizzlyServers.create"));
        gate.open(inFront.apply(ContainerFactory.createContainer(GrizzlyHttpContainer.class, application)));
    }

    /**
     * Stops accepting connections, leaving the open ones served: the first step of a graceful stop.
     *
     * @param server a started server
     */
    public static void stopAccepting(HttpServer server) {
        for (NetworkListener listener : server.getListeners()) {
            listener.getTransport().unbindAll();
        }
    }

    /** @return the port a started server listens on */
    public static int portOf(HttpServer server) {
        return server.getListener(LISTENER).getPort();
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
