package dev.xiqauth.server.apitoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.token.InvalidTokenException;
import dev.xiqauth.server.token.TokenAuthenticator;
import dev.xiqauth.server.user.UserDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #20's races, run {@value #ROUNDS} times each against a real store: an API token minted while its user's
 * password changes, while the user is disabled or removed, or while its parent API token logs out. Whatever the
 * interleaving, the minted token is either refused at its issuance ({@code 401}, never a 500 or a store error) or
 * dead once the change returned, its record gone with it: never both issued and alive. Subclasses run it on H2
 * and on PostgreSQL, whose locking differs.
 */
abstract class IssuanceRaceContract {
    static final int ROUNDS = 1_000;
    private static final String USERNAME = "racer@example.com";
    private static final ApiTokenRequest DEVICE_READ = new ApiTokenRequest(List.of("device:r"), Optional.empty(),
            Optional.empty(), Optional.empty());

    private final Clock clock = Clock.systemUTC();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private JdbcStores stores;
    private UserDirectory users;
    private ApiTokenStore apiTokens;
    private ApiTokenServices services;
    private TokenAuthenticator authenticator;
    private ApiTokenService service;
    private int refusedAtIssuance;
    private int killedByTheChange;

    /** @return settings of an empty database */
    protected abstract StoreSettings freshStore() throws Exception;

    /** Releases what {@link #freshStore()} made. */
    protected abstract void releaseStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        stores = JdbcStores.open(freshStore(), clock, new SimpleMeterRegistry());
        users = stores.users();
        apiTokens = stores.apiTokens();
        services = new ApiTokenServices(stores, clock, 1_000_000, 1_000_000);
        authenticator = services.authenticator;
        service = services.apiTokens;
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        if (stores != null) { // null when the store was not there to open: PostgreSQL's tests skipped
            stores.close();
            releaseStore();
        }
    }

    @Test
    void anApiTokenMintedWhileThePasswordChangesIsRefusedOrDiesWithTheChange() throws Exception {
        users.add(USERNAME, "hash-0", "OPERATOR", Optional.empty());
        for (int round = 1; round <= ROUNDS; round++) {
            AuthenticatedToken caller = loggedIn();
            String hash = "hash-" + round;
            race(round, caller, () -> users.changePassword(USERNAME, hash, invalidationInstant()));
        }
    }

    @Test
    void anApiTokenMintedWhileTheUserIsDisabledIsRefusedOrDiesWithTheChange() throws Exception {
        users.add(USERNAME, "hash", "OPERATOR", Optional.empty());
        for (int round = 1; round <= ROUNDS; round++) {
            AuthenticatedToken caller = loggedIn();
            race(round, caller, () -> users.setEnabled(USERNAME, false, invalidationInstant()));
            assertThat(users.setEnabled(USERNAME, true, invalidationInstant())).isTrue();
            assertThat(apiTokens.listCreatedBy(caller.user().userId()))
                    .as("round %d: tokens from before the disabling stay dead once enabled again", round).isEmpty();
        }
    }

    @Test
    void anApiTokenMintedWhileTheUserIsRemovedIsRefusedOrDiesWithTheUser() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            users.add(USERNAME, "hash", "OPERATOR", Optional.empty());
            AuthenticatedToken caller = loggedIn();
            race(round, caller, () -> users.remove(USERNAME));
        }
    }

    @Test
    void anApiTokenMintedByAnApiTokenThatLogsOutIsRefusedOrRevokedWithIt() throws Exception {
        users.add(USERNAME, "hash", "OPERATOR", Optional.empty());
        AuthenticatedToken login = loggedIn();
        for (int round = 1; round <= ROUNDS; round++) {
            GeneratedApiToken parentToken = service.generate(login,
                    new ApiTokenRequest(List.of("token:new", "device:r"), Optional.empty(), Optional.empty(),
                            Optional.empty()), "127.0.0.1");
            AuthenticatedToken parent = authenticator.authenticate(parentToken.issued().accessToken());
            race(round, parent, () -> apiTokens.revoke(parent.token().jti()));
        }
    }

    @Test
    void anApiTokenMintedByADescendantOfAnApiTokenThatLogsOutIsRefusedOrRevokedWithIt() throws Exception {
        users.add(USERNAME, "hash", "OPERATOR", Optional.empty());
        AuthenticatedToken login = loggedIn();
        ApiTokenRequest creator = new ApiTokenRequest(List.of("token:new", "device:r"), Optional.empty(),
                Optional.empty(), Optional.empty());
        for (int round = 1; round <= ROUNDS; round++) {
            AuthenticatedToken grandparent = authenticator.authenticate(
                    service.generate(login, creator, "127.0.0.1").issued().accessToken());
            AuthenticatedToken parent = authenticator.authenticate(
                    service.generate(grandparent, creator, "127.0.0.1").issued().accessToken());
            race(round, parent, () -> apiTokens.revoke(grandparent.token().jti()));
        }
    }

    @AfterEach
    void bothOrdersOfEachRaceWereRun() {
        // A race run a thousand times the same way round proves half of it: each order must have happened.
        if (refusedAtIssuance + killedByTheChange == ROUNDS) {
            assertThat(refusedAtIssuance).as("rounds whose change came first").isPositive();
            assertThat(killedByTheChange).as("rounds whose token was minted first").isPositive();
        }
    }

    /**
     * Mints with {@code caller} and runs {@code change} at the same moment, then checks the invariant. The
     * caller was authenticated before the change: a request checked just before the change and served across it.
     */
    private void race(int round, AuthenticatedToken caller, Callable<Boolean> change) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<GeneratedApiToken> minting = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return service.generate(caller, DEVICE_READ, "127.0.0.1");
        });
        Future<Boolean> changing = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return change.call();
        });
        assertThat(changing.get(30, TimeUnit.SECONDS)).as("round %d: the change applied", round).isTrue();
        Optional<GeneratedApiToken> minted;
        try {
            minted = Optional.of(minting.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof InvalidTokenException refused)) {
                throw new AssertionError("round " + round + ": a race must end in a 401, not " + e.getCause(),
                        e.getCause());
            }
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_TOKEN);
            minted = Optional.empty();
            refusedAtIssuance++;
        }
        if (minted.isPresent()) {
            String token = minted.get().issued().accessToken();
            assertThatThrownBy(() -> authenticator.authenticate(token))
                    .as("round %d: a token minted across the change must be dead once it returned", round)
                    .isInstanceOf(InvalidTokenException.class);
            killedByTheChange++;
        }
        assertThat(apiTokens.listCreatedBy(caller.user().userId()))
                .as("round %d: no record of a dead token is left behind", round).isEmpty();
    }

    private AuthenticatedToken loggedIn() {
        return services.loggedIn(users.findByUsername(USERNAME).orElseThrow());
    }

    /** As the {@code users} commands set it: the next whole second. */
    private Instant invalidationInstant() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
}
