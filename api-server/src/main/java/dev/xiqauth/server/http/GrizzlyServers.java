package dev.xiqauth.server.http;

import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Grizzly listeners as this server runs them: the codec that answers in {@code XiqError}, bodies of
 * unknown methods read as bodies, and a fixed pool of request threads.
 */
public final class GrizzlyServers {
    private static final String LISTENER = "grizzly";
    private static final long MAX_UNREAD_BODY_TO_DRAIN = 1024 * 1024;

    private GrizzlyServers() {
    }

    /**
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @param workerThreads request threads
     * @param xiqErrors the codec add-on, shared by every listener of the process
     * @return a server, not started, serving nothing yet
     */
    public static HttpServer create(String host, int port, int workerThreads, XiqErrorAddOn xiqErrors) {
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + hostForUri(host) + ":" + port + "/"), false);
        // A body sent with a method the codec does not know must still be read as that request's body:
        // left on the connection, it would be parsed as the next request (request smuggling).
        http.getServerConfiguration().setAllowPayloadForUndefinedHttpMethods(true);
        http.getServerConfiguration().setDefaultErrorPageGenerator(new XiqErrorPageGenerator());
        // A body the application answered without reading (404, 405, 413...) is drained so that the
        // connection stays usable; beyond this much the connection is closed instead.
        http.getServerConfiguration().setMaxPayloadRemainderToSkip(MAX_UNREAD_BODY_TO_DRAIN);
        NetworkListener listener = http.getListener(LISTENER);
        listener.registerAddOn(xiqErrors);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("xiq-auth-http").setCorePoolSize(workerThreads).setMaxPoolSize(workerThreads));
        return http;
    }

    /**
     * @param server a server
     * @param application what it serves at {@code /}
     */
    public static void serve(HttpServer server, ResourceConfig application) {
        server.getServerConfiguration().addHttpHandler(
                ContainerFactory.createContainer(GrizzlyHttpContainer.class, application), "/");
    }

    /** @return the port a started server listens on */
    public static int portOf(HttpServer server) {
        return server.getListener(LISTENER).getPort();
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
