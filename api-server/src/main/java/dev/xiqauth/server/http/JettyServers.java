package dev.xiqauth.server.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Jetty servers as this server runs them: one listener each, parsing HTTP/1.1 strictly by RFC 9110/9112
 * (Jetty's {@link HttpCompliance#RFC9110}: any {@code Transfer-Encoding} beside {@code Content-Length},
 * whatever their order, bad chunk framing, bare CR, NUL or CR in a value are each one 400 and a close),
 * answering what it refuses in {@code XiqError} ({@link XiqErrorHandler}), a keep-alive idle timeout, a
 * bounded pool of request threads, buffers on the heap (bounded by the limits, see {@link HttpLimits}),
 * and a graceful stop ({@link GracefulHandler}: requests in progress finish, new ones get 503).
 */
public final class JettyServers {
    /** Jetty's own threads beside the request threads: an acceptor, a selector, and room for its reserves. */
    private static final int JETTY_THREADS = 6;
    /**
     * Connections accepted by the kernel and not yet by Jetty: the JDK's default (50) drops a flood's SYNs, and a
     * probe's among them waits a second for its retry.
     */
    private static final int ACCEPT_QUEUE = 4096;
    /** As Jetty's default: the head of a request, its line and headers, at most. */
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    /** Shorter than any bearer token (a JWT's header alone is 60 characters, its whole 300 and more). */
    private static final int HEADER_CACHE_CHARS = 256;

    private JettyServers() {
    }

    /**
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @param workerThreads request threads
     * @param limits the keep-alive idle timeout and the body limit (413 for a larger declared length)
     * @param tls the listener's TLS, for a listener that serves HTTPS only
     * @return a server, not started, answering 503 until {@link #serve} gives it the application
     */
    public static Server create(String host, int port, int workerThreads, HttpLimits limits,
            Optional<SslContextFactory.Server> tls) {
        QueuedThreadPool threads = new QueuedThreadPool(workerThreads + JETTY_THREADS, Math.min(8, workerThreads));
        threads.setName("xiq-auth-http");
        Server server = new Server(threads);
        server.setErrorHandler(new XiqErrorHandler());
        server.setStopAtShutdown(false); // the composition root stops it, gracefully, before the store closes

        HttpConfiguration config = new HttpConfiguration();
        config.setHttpCompliance(HttpCompliance.RFC9110);
        config.setUriCompliance(UriCompliance.DEFAULT);
        config.setRequestHeaderSize(MAX_HEAD_BYTES);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // Jetty keeps a connection's header fields in a cache of this many characters, and empties it when a new
        // one does not fit. Nearly every request to this server brings a bearer token it has not seen on that
        // connection: with the default 1,024, each filled and emptied the cache (3.5 % of a check's samples).
        // Tokens are longer than this, and go uncached; Host, Accept and User-Agent still are cached.
        config.setHeaderCacheSize(HEADER_CACHE_CHARS);
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        // Heap buffers: what the connections hold is bounded by the heap's size, and an excess ends the process
        // (-XX:+ExitOnOutOfMemoryError) instead of failing connections one by one in direct memory.
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = tls.map(ssl -> {
            config.addCustomizer(new SecureRequestCustomizer(false)); // certificates need not name the Host
            return new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, http.getProtocol()), http);
        }).orElseGet(() -> new ServerConnector(server, 1, 1, http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.keepAliveIdle().toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new RequestRules(new StartupGate(), limits.maxBodyBytes())));
        return server;
    }

    /** @return the server's one listener */
    public static ServerConnector connectorOf(Server server) {
        return (ServerConnector) server.getConnectors()[0];
    }

    /**
     * @return Jersey's container for an application, as a Jetty handler whose answers go out whole, with their
     *     {@code Content-Length} ({@link WholeResponses})
     */
    public static Handler container(ResourceConfig application) {
        return new WholeResponses(ContainerFactory.createContainer(JettyHttpContainer.class, application));
    }

    /**
     * @param application the application
     * @param jettyRequest where each request the container handles is published to the application's filters
     * @return Jersey's container for the application, as {@link #container(ResourceConfig)}
     */
    public static Handler container(ResourceConfig application, CurrentJettyRequest jettyRequest) {
        return new WholeResponses(jettyRequest.around(ContainerFactory.createContainer(JettyHttpContainer.class,
                application)));
    }

    /**
     * @param server a server made by {@link #create}
     * @param application what it serves from now on
     */
    public static void serve(Server server, Handler application) {
        server.getDescendant(StartupGate.class).open(application);
    }

    /** @return the port a started server listens on */
    public static int portOf(Server server) {
        return connectorOf(server).getLocalPort();
    }
}
