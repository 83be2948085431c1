package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.xiqauth.guard.TricklingAuthServer.Script;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The guard's timeout is a deadline for the whole exchange with the auth server: an answer that arrives a byte at
 * a time, each byte well within the timeout, is cut off when the timeout has passed since the call began, so that
 * a slow or hostile auth server cannot hold the guarded service's threads.
 */
final class ExchangeDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Each byte comes well within the timeout, so a timeout per read would never fire. */
    private static final Duration PACE = Duration.ofMillis(200);
    /** The deadline, and then what a loaded 2-core machine may take to get round to the call. */
    private static final Duration AT_MOST = Duration.ofSeconds(3);
    private static final String TOKEN = "trickled.token-1";

    @Test
    void statusLineAndHeadersTricklingInAreCutOffAtTheDeadline() throws Exception {
        assertCutOffAtTheDeadline(Script.HEAD);
    }

    @Test
    void bodyTricklingInAfterTheHeadersIsCutOffAtTheDeadline() throws Exception {
        assertCutOffAtTheDeadline(Script.BODY);
    }

    private static void assertCutOffAtTheDeadline(Script script) throws Exception {
        // The introspection runs on a thread of its own, so that this test ends even when the call is not cut off.
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (TricklingAuthServer authServer = new TricklingAuthServer(script, PACE);
                RemoteTokenIntrospection remote = new RemoteTokenIntrospection(authServer.uri(), TIMEOUT, "service")) {
            long started = System.nanoTime();
            Future<Introspection> call = caller.submit(() -> remote.introspect(TOKEN));
            Introspection answer;
            try {
                answer = call.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException stillHeld) {
                answer = fail("the calling thread was still held after 10 s, against a timeout of " + TIMEOUT);
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer).isInstanceOfSatisfying(Introspection.Unavailable.class, unavailable -> {
                assertThat(unavailable.reason()).isEqualTo(
                        "the auth server did not finish answering within the deadline of 1000 ms");
                assertThat(unavailable.retryAfter()).isEqualTo(RemoteTokenIntrospection.DEFAULT_RETRY_AFTER);
            });
            assertThat(waited).as("answered at the deadline, not before it, and the thread freed then")
                    .isGreaterThanOrEqualTo(TIMEOUT).isLessThan(AT_MOST);
            assertThat(authServer.awaitHangUp(Duration.ofSeconds(2)))
                    .as("the guard closed the connection rather than leave the exchange running").isTrue();
        } finally {
            caller.shutdownNow();
        }
    }
}
