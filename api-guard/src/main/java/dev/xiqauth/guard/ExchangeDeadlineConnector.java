package dev.xiqauth.guard;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;

/**
 * The Jersey connector of the guard's calls to the auth server: each exchange (connecting, sending the request,
 * receiving the status line, the headers and the whole body) ends at a deadline, however the server paces it.
 *
 * <p>Why not Jersey's default connector: {@code HttpURLConnection} knows only a timeout per read, so a server that
 * sends one byte every half second is never late, and its {@code disconnect()} from another thread waits for a
 * read of the body in progress to return, since the stream's reads and its close take the same lock. Here the
 * exchange runs on the JDK's {@link HttpClient}, whose non-blocking I/O holds no thread while the server is slow;
 * the body is received whole, at most {@code maxAnswerBytes}, before the response is handed to Jersey; and the
 * calling thread waits for it until the deadline and not longer. Then the exchange is cancelled, which closes its
 * connection, and the call fails with a {@link ProcessingException} caused by a {@link DeadlinePassedException}.
 *
 * <p>Jersey's {@link ClientProperties#CONNECT_TIMEOUT} is kept, and {@link ClientProperties#READ_TIMEOUT} bounds the
 * wait for the status line and headers when it is shorter than the deadline (a longer one could never end first).
 * Redirects are never followed. TLS uses the Jersey client's {@code SSLContext} and the JDK's host name check;
 * proxies are the JVM's default {@link ProxySelector}, as for {@code HttpURLConnection}.
 */
final class ExchangeDeadlineConnector implements Connector {
    /** Headers the JDK's client writes itself and refuses to be given. */
    private static final Set<String> OWN_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final Duration deadline;
    private final int maxAnswerBytes;
    private final ExecutorService threads;
    private final HttpClient http;

    /**
     * @param client the Jersey client this connector serves, for its {@code SSLContext}
     * @param config its configuration, for {@link ClientProperties#CONNECT_TIMEOUT}
     * @param deadline how long each exchange may take in all
     * @param maxAnswerBytes the longest body received; a longer one fails the call
     */
    ExchangeDeadlineConnector(Client client, Configuration config, Duration deadline, int maxAnswerBytes) {
        this.deadline = deadline;
        this.maxAnswerBytes = maxAnswerBytes;
        // Owned here rather than the JDK client's own pool, so that close() ends its threads.
        this.threads = Executors.newCachedThreadPool(new DaemonThreads("xiq-guard-auth-client-"));
        int connectTimeout = ClientProperties.getValue(config.getProperties(), ClientProperties.CONNECT_TIMEOUT, 0,
                Integer.class);
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1 as HttpURLConnection spoke it: no h2c upgrade headers on plain HTTP.
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect would carry the token to wherever the Location points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(client.getSslContext())
                .executor(threads);
        if (connectTimeout > 0) {
            builder.connectTimeout(Duration.ofMillis(connectTimeout));
        }
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        this.http = builder.build();
    }

    @Override
    public ClientResponse apply(ClientRequest request) {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(outbound(request),
                answer -> new BoundedBody(maxAnswerBytes));
        try {
            return inbound(request, exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException late) {
            throw new ProcessingException(new DeadlinePassedException(deadline));
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            throw new ProcessingException(cause.getMessage(), cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProcessingException("interrupted while waiting for the auth server", interrupted);
        } finally {
            // An exchange still running (past the deadline, or this thread interrupted) is ended and its connection
            // closed, rather than left to the server's pace; on a completed one this does nothing.
            exchange.cancel(true);
        }
    }

    private HttpRequest outbound(ClientRequest request) {
        try {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (request.hasEntity()) {
                // Written before the headers are copied: writing commits them (Content-Type, for one).
                ByteArrayOutputStream entity = new ByteArrayOutputStream();
                request.setStreamProvider(contentLength -> entity);
                request.writeEntity();
                body = HttpRequest.BodyPublishers.ofByteArray(entity.toByteArray());
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri()).method(request.getMethod(), body);
            int readTimeout = request.resolveProperty(ClientProperties.READ_TIMEOUT, 0);
            if (readTimeout > 0 && readTimeout < deadline.toMillis()) {
                builder.timeout(Duration.ofMillis(readTimeout));
            }
            for (Map.Entry<String, List<String>> header : request.getStringHeaders().entrySet()) {
                if (!OWN_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    for (String value : header.getValue()) {
                        builder.header(header.getKey(), value);
                    }
                }
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException unsendable) {
            throw new ProcessingException("the request cannot be sent: " + unsendable.getMessage(), unsendable);
        }
    }

    private static ClientResponse inbound(ClientRequest request, HttpResponse<byte[]> answer) {
        ClientResponse response = new ClientResponse(new AnsweredStatus(answer.statusCode()), request);
        response.headers(answer.headers().map());
        response.setEntityStream(new ByteArrayInputStream(answer.body()));
        return response;
    }

    /** Not used by the guard's generated client, which calls synchronously; runs the same exchange on a thread. */
    @Override
    public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
        return threads.submit(() -> {
            ClientResponse response;
            try {
                response = apply(request);
            } catch (ProcessingException failed) {
                callback.failure(failed);
                return;
            }
            callback.response(response);
        });
    }

    @Override
    public String getName() {
        return "JDK HttpClient, with a deadline of " + deadline.toMillis() + " ms per exchange";
    }

    /**
     * Ends the threads of the exchanges. The JDK client's selector thread (a daemon) ends on its own once the
     * client is unreachable: Java 17's {@link HttpClient} has no close.
     */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Why an exchange failed: it was not over when the deadline passed. */
    static final class DeadlinePassedException extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlinePassedException(Duration deadline) {
            super("the exchange was not over within its deadline of " + deadline.toMillis() + " ms");
        }
    }

    /** The status of an answer, whether or not JAX-RS names it. */
    private record AnsweredStatus(int code) implements Response.StatusType {
        @Override
        public int getStatusCode() {
            return code;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.familyOf(code);
        }

        @Override
        public String getReasonPhrase() {
            Response.Status known = Response.Status.fromStatusCode(code);
            return known == null ? "" : known.getReasonPhrase();
        }
    }

    /**
     * Receives a body whole, up to a limit: the deadline bounds how long an answer may take, this how much memory it
     * may hold.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            // Signals are serial (Flow's rule), so this state needs no lock; after a refusal, late ones are dropped.
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > limit - received.size()) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the answer's body is over " + limit + " bytes"));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                received.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(received.toByteArray());
        }
    }

    /** Daemon threads, so that a guarded service that never closes the guard can still exit. */
    private static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
