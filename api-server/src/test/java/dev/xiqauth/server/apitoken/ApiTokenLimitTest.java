package dev.xiqauth.server.apitoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.store.JdbcStores;
import dev.xiqauth.server.token.AuthenticatedToken;
import dev.xiqauth.server.user.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user cannot fill the disk by minting API tokens (issue #20): the live ones are capped per user, and the
 * embedded database's file stays the size of what it holds, compacted as H2's own background writer would.
 */
final class ApiTokenLimitTest {
    private static final int LIMIT = 300;
    private static final ApiTokenRequest DEVICE_READ = new ApiTokenRequest(List.of("device:r"), Optional.empty(),
            Optional.of("an automation"), Optional.empty());

    @TempDir
    Path dataDir;

    @Test
    void aUserAtTheLimitOfLiveApiTokensIsRefusedWith403UntilOneIsRevoked() {
        try (JdbcStores stores = JdbcStores.open(StoreSettings.embedded(dataDir), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            Minting minting = new Minting(stores, LIMIT);
            List<GeneratedApiToken> minted = minting.mint(LIMIT);

            assertThatThrownBy(() -> minting.mint(1)).isInstanceOfSatisfying(ApiProblem.class, refused -> {
                assertThat(refused.code()).isEqualTo(ErrorCode.API_TOKEN_LIMIT);
                assertThat(refused.code().status().getStatusCode()).isEqualTo(403);
            });
            assertThat(stores.apiTokens().list()).hasSize(LIMIT);

            assertThat(stores.apiTokens().revoke(minted.get(0).issued().jti())).isTrue();
            assertThat(minting.mint(1)).as("a revoked token frees its place").hasSize(1);
        }
    }

    @Test
    void aUserGeneratingMoreApiTokensASecondThanAllowedIsAnswered429UntilTheNextSecond() {
        MutableClock clock = new MutableClock(TestServers.START);
        try (JdbcStores stores = JdbcStores.open(StoreSettings.embedded(dataDir), clock, new SimpleMeterRegistry())) {
            Minting minting = new Minting(stores, LIMIT, clock, 3);
            minting.mint(3);

            assertThatThrownBy(() -> minting.mint(1)).isInstanceOfSatisfying(ApiProblem.class, refused -> {
                assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(refused.headers()).containsEntry("Retry-After", "1");
            });
            assertThat(stores.apiTokens().list()).as("the refused one was not recorded").hasSize(3);
            clock.advance(Duration.ofSeconds(1));
            assertThat(minting.mint(3)).hasSize(3);
        }
    }

    /**
     * Minting for longer than H2 keeps old chunks, the file stops growing by the size of each commit: once the
     * retention has passed, the compaction lets H2 reuse the space of the chunks that went dead. The retention is
     * shortened to a second for the test (45 s in production, in case a power loss reorders writes). Measured
     * on this machine: without the compaction the last 900 of 1,500 tokens grew the file by about 2,500 bytes
     * each, with it by about 600, and by less the longer it runs.
     */
    @Test
    void mintingUpToTheLimitGrowsTheEmbeddedFileByLittleMoreThanItsRecordsOnceOldChunksAreReused()
            throws Exception {
        StoreSettings embedded = StoreSettings.embedded(dataDir);
        StoreSettings shortRetention = new StoreSettings(embedded.jdbcUrl() + ";RETENTION_TIME=1000", embedded.user(),
                embedded.password(), embedded.maxPoolSize(), embedded.connectionTimeout());
        int limit = 1_500;
        int batch = 150;
        try (JdbcStores stores = JdbcStores.open(shortRetention, Clock.systemUTC(), new SimpleMeterRegistry())) {
            Minting minting = new Minting(stores, limit);
            long afterWarmUp = 0;
            for (int minted = batch; minted <= limit; minted += batch) {
                minting.mint(batch);
                Thread.sleep(1_100);
                assertThat(stores.compactEmbedded()).as("the file is H2's, opened here").isTrue();
                if (minted == 600) {
                    afterWarmUp = sizeOf(dataDir);
                }
            }
            long perToken = (sizeOf(dataDir) - afterWarmUp) / (limit - 600);

            assertThat(perToken).as("bytes of file per API token minted after the first 600").isLessThan(1_000);
            assertThatThrownBy(() -> minting.mint(1)).isInstanceOf(ApiProblem.class);
        }
    }

    private static long sizeOf(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** Mints API tokens as one Operator's login token would. */
    private static final class Minting {
        private final ApiTokenService service;
        private final AuthenticatedToken caller;

        Minting(JdbcStores stores, int limit) {
            this(stores, limit, Clock.systemUTC(), 1_000_000);
        }

        Minting(JdbcStores stores, int limit, Clock clock, long perSecond) {
            ApiTokenServices services = new ApiTokenServices(stores, clock, limit, perSecond);
            this.service = services.apiTokens;
            User user = stores.users().findByUsername("minter@example.com").orElseGet(() -> stores.users()
                    .add("minter@example.com", "hash", "OPERATOR", Optional.empty()));
            this.caller = services.loggedIn(user);
        }

        List<GeneratedApiToken> mint(int count) {
            return Stream.generate(() -> service.generate(caller, DEVICE_READ, "127.0.0.1")).limit(count).toList();
        }
    }
}
