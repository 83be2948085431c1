package dev.xiqauth.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A load generator on loopback: closed loops of virtual users, or an open loop at a fixed rate. */
final class Load {
    private Load() {
    }

    /**
     * What a load run measured.
     *
     * @param perSecond successful (200) requests per second
     * @param p50Millis median latency of successful requests
     * @param p99Millis 99th percentile latency of successful requests
     * @param refused requests that were not answered 200
     */
    record Result(double perSecond, double p50Millis, double p99Millis, long refused) {
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code users} virtual users, each sending its next request when its last is answered. */
    static Result closedLoop(Supplier<HttpRequest> requests, int users, Duration duration) throws Exception {
        HttpClient http = client();
        Recorder latencies = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(users);
        List<Future<?>> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < users; i++) {
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(requests.get(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            latencies.recordValue((System.nanoTime() - sent) / 1_000);
                            ok.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        return result(latencies.getIntervalHistogram(), ok.get() / seconds, refused.get());
    }

    /**
     * Requests sent at a fixed rate whatever the answers; latency counts from when each request was
     * due, so a stalled server is not hidden (no coordinated omission).
     */
    static Result openLoop(Supplier<HttpRequest> requests, double perSecond, Duration duration) throws Exception {
        HttpClient http = client();
        return openLoop(requests, perSecond, duration,
                request -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode));
    }

    /**
     * As {@link #openLoop(Supplier, double, Duration)}, each request sent by {@code send}, which completes
     * with the answer's status.
     */
    static Result openLoop(Supplier<HttpRequest> requests, double perSecond, Duration duration,
            Function<HttpRequest, CompletableFuture<Integer>> send) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Semaphore inFlight = new Semaphore(2_000);
        long intervalNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long due = start; due < end; due += intervalNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                refused.incrementAndGet();
                continue;
            }
            long dueAt = due;
            send.apply(requests.get()).whenComplete((status, error) -> {
                inFlight.release();
                if (error == null && status == 200) {
                    latencies.recordValue((System.nanoTime() - dueAt) / 1_000);
                    ok.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            });
        }
        inFlight.acquire(2_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(latencies.getIntervalHistogram(), ok.get() / seconds, refused.get());
    }

    private static Result result(Histogram histogram, double perSecond, long refused) {
        return new Result(perSecond, histogram.getValueAtPercentile(50) / 1_000.0,
                histogram.getValueAtPercentile(99) / 1_000.0, refused);
    }
}
