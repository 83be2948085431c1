package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.MutableClock;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.login.KnownClientStore;
import dev.xiqauth.server.login.LoginFailureStore;
import dev.xiqauth.server.ratelimit.QuotaLedger;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKey;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.token.StoredKeyRing;
import dev.xiqauth.server.user.DuplicateUserException;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the store ports must do: subclasses run it on the embedded H2, on
 * PostgreSQL and on the in-memory stores the tests use, so that a test over in-memory stores means
 * what it would mean over a database.
 */
abstract class StoreContract {
    protected static final Instant NOW = TestServers.START;
    /** The key of the tokens whose revocation is checked, which the store does not hold unless a test adds it. */
    protected static final String KID = TestServers.KEY.keyId();

    protected final MutableClock clock = new MutableClock(NOW);
    private OpenStores stores;
    private RevocationStore revocations;
    private UserDirectory users;
    private SigningKeyStore keys;
    private LoginFailureStore failures;
    private KnownClientStore knownClients;
    private ApiTokenStore apiTokens;
    private QuotaLedger quotas;

    /**
     * The ports under test, over one empty store.
     *
     * @param users the users
     * @param revocations the revoked tokens
     * @param failures the counts of failed logins
     * @param knownClients the clients that logged in lately
     * @param keys the signing keys
     * @param apiTokens the API tokens
     * @param quotas the quota ledger
     * @param closer releases the store
     */
    protected record OpenStores(UserDirectory users, RevocationStore revocations, LoginFailureStore failures,
            KnownClientStore knownClients, SigningKeyStore keys, ApiTokenStore apiTokens, QuotaLedger quotas,
            AutoCloseable closer) {
    }

    /** @return the ports over an empty store for one test, on {@link #clock} */
    protected abstract OpenStores openEmpty() throws Exception;

    @BeforeEach
    void open() throws Exception {
        stores = openEmpty();
        revocations = stores.revocations();
        users = stores.users();
        keys = stores.keys();
        failures = stores.failures();
        knownClients = stores.knownClients();
        apiTokens = stores.apiTokens();
        quotas = stores.quotas();
    }

    @AfterEach
    void close() throws Exception {
        if (stores != null) {
            stores.closer().close();
        }
    }

    /**
     * Runs the tasks on threads of their own, all released at the same moment, as instances sharing a
     * store race.
     *
     * @return their results, in task order; a task's failure fails the test
     */
    private static <T> List<T> atOnce(int threads, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                running.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> result : running) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void quotaClaimsAreGrantedInFullUntilTheLimitThenInPartThenNotAtAll() {
        long hour = 3_600_000L;
        assertThat(quotas.claim(jti(1), 0, hour, 40, 100)).isEqualTo(new QuotaLedger.Claim(40, 40));
        assertThat(quotas.claim(jti(1), 0, hour, 40, 100)).isEqualTo(new QuotaLedger.Claim(40, 80));
        assertThat(quotas.claim(jti(1), 0, hour, 40, 100)).as("only what is left").isEqualTo(
                new QuotaLedger.Claim(20, 100));
        assertThat(quotas.claim(jti(1), 0, hour, 40, 100)).as("nothing once spent").isEqualTo(
                new QuotaLedger.Claim(0, 100));
        assertThat(quotas.claim(jti(1), hour, hour, 40, 100)).as("the next window is a new count").isEqualTo(
                new QuotaLedger.Claim(40, 40));
        assertThat(quotas.claim(jti(1), 0, 1_000, 40, 100)).as("a second from the same moment is another window")
                .isEqualTo(new QuotaLedger.Claim(40, 40));
        assertThat(quotas.claim(jti(2), 0, hour, 150, 100)).as("another token, its own count, at most the limit")
                .isEqualTo(new QuotaLedger.Claim(100, 100));
    }

    @Test
    void concurrentQuotaClaimsFromManyInstancesNeverGrantMoreThanTheLimitBetweenThem() throws Exception {
        List<QuotaLedger.Claim> claims = atOnce(16, i -> () -> quotas.claim(jti(3), 0, 3_600_000L, 7, 100));
        assertThat(claims.stream().mapToLong(QuotaLedger.Claim::granted).sum()).isEqualTo(100);
        assertThat(claims.stream().mapToLong(QuotaLedger.Claim::claimed).max().getAsLong()).isEqualTo(100);
    }

    @Test
    void endedQuotaWindowsArePurgedAndLiveOnesKept() {
        quotas.claim(jti(4), 0, 1_000, 5, 10);
        quotas.claim(jti(5), 0, 3_600_000L, 5, 10);
        assertThat(quotas.purgeEnded(1_000)).isEqualTo(1);
        assertThat(quotas.claim(jti(5), 0, 3_600_000L, 5, 10)).as("kept").isEqualTo(new QuotaLedger.Claim(5, 10));
        assertThat(quotas.claim(jti(4), 0, 1_000, 5, 10)).as("forgotten: counted anew")
                .isEqualTo(new QuotaLedger.Claim(5, 5));
    }

    /** Records an API token of generation 0, as a user who never changed makes it, and checks it was. */
    protected static void added(ApiTokenStore store, ApiTokenRecord record) {
        assertThat(store.add(record, 0, 1_000)).isEqualTo(ApiTokenStore.Recording.ADDED);
    }

    protected static String jti(int n) {
        return HexFormat.of().formatHex(new byte[12]) + String.format("%08x", n);
    }

    protected static ApiTokenRecord apiToken(int n, long userId, Optional<Instant> expiresAt) {
        return new ApiTokenRecord(jti(n), userId, Set.of("device:read", "client:read"),
                Optional.of("export " + n), NOW.plusSeconds(n), expiresAt, Optional.empty());
    }

    @Test
    void revokingAnApiTokenRevokesTheTokensItCreatedAndTheirsButNoOthers() {
        long userId = users.add("creator@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, apiToken(1, userId, Optional.empty()));
        added(apiTokens, new ApiTokenRecord(jti(2), userId, Set.of("device:read"), Optional.empty(), NOW,
                Optional.empty(), Optional.of(jti(1))));
        added(apiTokens, new ApiTokenRecord(jti(3), userId, Set.of("device:read"), Optional.empty(), NOW,
                Optional.empty(), Optional.of(jti(2))));
        added(apiTokens, apiToken(4, userId, Optional.empty()));

        assertThat(apiTokens.find(jti(3)).orElseThrow().parentJti()).contains(jti(2));
        assertThat(apiTokens.revoke(jti(1))).isTrue();

        assertThat(apiTokens.find(jti(2))).isEmpty();
        assertThat(apiTokens.find(jti(3))).isEmpty();
        assertThat(apiTokens.find(jti(4))).isPresent();
    }

    @Test
    void anApiTokenIsFoundAsRecordedUntilItIsRevokedOnce() {
        long userId = users.add("creator@example.com", "hash", "Operator", Optional.empty()).userId();
        ApiTokenRecord recorded = apiToken(1, userId, Optional.of(NOW.plusSeconds(3600)));
        added(apiTokens, recorded);
        added(apiTokens, apiToken(2, userId, Optional.empty()));

        assertThat(apiTokens.find(jti(1))).contains(recorded);
        assertThat(apiTokens.find(jti(2)).orElseThrow().expiresAt()).isEmpty();
        assertThat(apiTokens.find(jti(2)).orElseThrow().description()).contains("export 2");
        assertThat(apiTokens.find(jti(3))).isEmpty();
        assertThat(apiTokens.revoke(jti(1))).isTrue();
        assertThat(apiTokens.revoke(jti(1))).as("a second revoke is no error and revokes nothing").isFalse();
        assertThat(apiTokens.find(jti(1))).isEmpty();
        assertThat(apiTokens.find(jti(2))).isPresent();
    }

    @Test
    void concurrentRevokesOfOneApiTokenSucceedExactlyOnce() throws Exception {
        long userId = users.add("creator@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, apiToken(1, userId, Optional.empty()));

        List<Boolean> results = atOnce(8, i -> () -> apiTokens.revoke(jti(1)));

        assertThat(results).containsOnlyOnce(true).hasSize(8);
    }

    @Test
    void apiTokensAreListedOldestFirstAndByTheirCreator() {
        long first = users.add("first@example.com", "hash", "Operator", Optional.empty()).userId();
        long second = users.add("second@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, apiToken(3, first, Optional.empty()));
        added(apiTokens, apiToken(1, second, Optional.empty()));
        added(apiTokens, apiToken(2, first, Optional.empty()));

        assertThat(apiTokens.list()).extracting(ApiTokenRecord::jti).containsExactly(jti(1), jti(2), jti(3));
        assertThat(apiTokens.listCreatedBy(first)).extracting(ApiTokenRecord::jti).containsExactly(jti(2), jti(3));
        assertThat(apiTokens.listCreatedBy(999)).isEmpty();
    }

    @Test
    void purgeForgetsOnlyApiTokensPastTheirExpiryAndTheMarginNeverOnesThatDoNotExpire() {
        long userId = users.add("creator@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, apiToken(1, userId, Optional.of(NOW.plusSeconds(60))));
        added(apiTokens, apiToken(2, userId, Optional.of(NOW.plusSeconds(3600))));
        added(apiTokens, apiToken(3, userId, Optional.empty()));

        clock.advance(Duration.ofSeconds(60).plus(ApiTokenStore.PURGE_MARGIN));
        assertThat(apiTokens.purgeExpired()).as("not before the margin has passed").isZero();
        clock.advance(Duration.ofSeconds(1));

        assertThat(apiTokens.purgeExpired()).isEqualTo(1);
        assertThat(apiTokens.list()).extracting(ApiTokenRecord::jti).containsExactly(jti(2), jti(3));
    }

    @Test
    void revokedTokenIsRevokedAndOthersAreNot() {
        assertThat(revocations.revoke(jti(1), NOW.plusSeconds(60))).isTrue();

        assertThat(revocations.isRevoked(jti(1), KID)).isTrue();
        assertThat(revocations.isRevoked(jti(2), KID)).isFalse();
    }

    @Test
    void secondRevokeIsNotAConstraintErrorAndReportsItWasRevokedAlready() {
        assertThat(revocations.revoke(jti(1), NOW.plusSeconds(60))).isTrue();

        assertThat(revocations.revoke(jti(1), NOW.plusSeconds(60))).isFalse();
        assertThat(revocations.isRevoked(jti(1), KID)).isTrue();
    }

    @Test
    void concurrentRevokesOfOneTokenSucceedExactlyOnceWithoutErrors() throws Exception {
        List<Boolean> revoked = atOnce(16, i -> () -> revocations.revoke(jti(7), NOW.plusSeconds(60)));

        assertThat(revoked).containsOnlyOnce(true);
    }

    @Test
    void purgeForgetsOnlyRevocationsPastTheirExpiryAndAMarginForLaggingClocks() {
        revocations.revoke(jti(1), NOW.plusSeconds(60));
        revocations.revoke(jti(2), NOW.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(2));
        assertThat(revocations.purgeExpired()).as("within the margin").isZero();
        clock.advance(Duration.ofMinutes(5));

        assertThat(revocations.purgeExpired()).isEqualTo(1);
        assertThat(revocations.isRevoked(jti(1), KID)).isFalse();
        assertThat(revocations.isRevoked(jti(2), KID)).isTrue();
        assertThat(revocations.purgeExpired()).isZero();
    }

    @Test
    void usersAreFoundWithoutRegardToCaseAndByIdWithTheirAttributes() {
        User added = users.add("Jane.Doe@Example.com", "hash-1", "Administrator", Optional.of(TestServers.TENANT));

        User found = users.findByUsername("jane.doe@example.COM").orElseThrow();
        assertThat(found).isEqualTo(added);
        assertThat(found.username()).isEqualTo("Jane.Doe@Example.com");
        assertThat(found.tenant()).contains(TestServers.TENANT);
        assertThat(found.enabled()).isTrue();
        assertThat(found.tokensValidAfter()).isEqualTo(Instant.EPOCH);
        assertThat(users.findById(added.userId())).contains(added);
        assertThat(users.findByUsername("nobody")).isEmpty();
    }

    @Test
    void usernamesAreUniqueWithoutRegardToCase() {
        users.add("bob", "hash", "Operator", Optional.empty());

        assertThatThrownBy(() -> users.add("BOB", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class);
        assertThat(users.list()).hasSize(1);
    }

    @Test
    void emptinessAndListingFollowAddsAndRemoves() {
        assertThat(users.isEmpty()).isTrue();
        users.add("a", "h", "Operator", Optional.empty());
        users.add("b", "h", "Operator", Optional.empty());

        assertThat(users.isEmpty()).isFalse();
        assertThat(users.list()).extracting(User::username).containsExactly("a", "b");
        assertThat(users.remove("A")).isTrue();
        assertThat(users.remove("A")).isFalse();
        assertThat(users.list()).extracting(User::username).containsExactly("b");
    }

    @Test
    void passwordChangeReplacesTheHashAndInvalidatesEarlierTokens() {
        users.add("bob", "old", "Operator", Optional.empty());

        assertThat(users.changePassword("Bob", "new", NOW)).isTrue();

        User bob = users.findByUsername("bob").orElseThrow();
        assertThat(bob.passwordHash()).isEqualTo("new");
        assertThat(bob.tokensValidAfter()).isEqualTo(NOW);
        assertThat(users.changePassword("nobody", "x", NOW)).isFalse();
    }

    @Test
    void disablingInvalidatesEarlierTokensAndEnablingDoesNotRevive() {
        users.add("bob", "h", "Operator", Optional.empty());

        users.setEnabled("bob", false, NOW);
        assertThat(users.findByUsername("bob").orElseThrow().enabled()).isFalse();
        users.setEnabled("bob", true, NOW.plusSeconds(100));

        User bob = users.findByUsername("bob").orElseThrow();
        assertThat(bob.enabled()).isTrue();
        assertThat(bob.tokensValidAfter()).isEqualTo(NOW);
    }

    @Test
    void hashesAreCountedByTheParametersTheyWereMadeWith() {
        users.add("a", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdEE$aGFzaEE", "Operator", Optional.empty());
        users.add("b", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdEI$aGFzaEI", "Operator", Optional.empty());
        users.add("c", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdEM$aGFzaEM", "Operator", Optional.empty());
        users.add("d", TestServers.HASHER.hash("a real one"), "Operator", Optional.empty());
        users.add("e", "not a hash", "Operator", Optional.empty());

        assertThat(users.hashParameterCounts()).isEqualTo(Map.of(
                "$argon2id$v=19$m=19456,t=2,p=1", 3L,
                "$argon2id$v=19$m=65536,t=3,p=4", 1L,
                "not a hash", 1L));
    }

    @Test
    void noHashesAreCountedInAnEmptyStore() {
        assertThat(users.hashParameterCounts()).isEmpty();
    }

    @Test
    void hashUpgradeReplacesOnlyTheHashItWasComputedFrom() {
        User bob = users.add("bob", "weak", "Operator", Optional.empty());

        assertThat(users.upgradeHash(bob.userId(), "stale", "strong")).isFalse();
        assertThat(users.upgradeHash(bob.userId(), "weak", "strong")).isTrue();
        assertThat(users.findById(bob.userId()).orElseThrow().passwordHash()).isEqualTo("strong");
        assertThat(users.findById(bob.userId()).orElseThrow().tokensValidAfter()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void concurrentFailuresAreAllCountedWithoutConstraintErrors() throws Exception {
        int threads = 12;
        atOnce(threads, i -> () -> {
            failures.recordFailure(List.of("user:jane", "addr:192.0.2.1"), NOW, NOW.minusSeconds(3600));
            return true;
        });

        assertThat(failures.counts(List.of("user:jane", "addr:192.0.2.1", "user:nobody")))
                .containsOnlyKeys("user:jane", "addr:192.0.2.1")
                .allSatisfy((key, count) -> assertThat(count.failures()).isEqualTo(threads));
    }

    @Test
    void failureCountStartsAgainAfterTheResetPeriodAndIsForgottenOnSuccessOrPurge() {
        failures.recordFailure(List.of("user:jane"), NOW, NOW.minusSeconds(60));
        failures.recordFailure(List.of("user:jane"), NOW.plusSeconds(10), NOW.minusSeconds(60));
        assertThat(failures.counts(List.of("user:jane")).get("user:jane").failures()).isEqualTo(2);

        failures.recordFailure(List.of("user:jane"), NOW.plusSeconds(500), NOW.plusSeconds(100));
        assertThat(failures.counts(List.of("user:jane")).get("user:jane").failures()).isEqualTo(1);

        failures.reset("user:jane");
        assertThat(failures.counts(List.of("user:jane"))).isEmpty();

        failures.recordFailure(List.of("addr:192.0.2.1"), NOW, NOW.minusSeconds(60));
        assertThat(failures.purgeOlderThan(NOW.plusSeconds(1))).isEqualTo(1);
        assertThat(failures.counts(List.of("addr:192.0.2.1"))).isEmpty();
    }

    @Test
    void aRememberedClientIsKnownUntilItsExpiryAndOthersAreNot() {
        knownClients.remember("marker-a", NOW.plusSeconds(60));

        assertThat(knownClients.isKnown("marker-a", NOW)).isTrue();
        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(59))).isTrue();
        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(60))).as("at its expiry").isFalse();
        assertThat(knownClients.isKnown("marker-b", NOW)).isFalse();
    }

    @Test
    void rememberingAgainExtendsAnExpiryButNeverShortensIt() {
        knownClients.remember("marker-a", NOW.plusSeconds(60));
        knownClients.remember("marker-a", NOW.plusSeconds(600));
        knownClients.remember("marker-a", NOW.plusSeconds(30));

        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(599))).isTrue();
        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(600))).isFalse();
    }

    @Test
    void concurrentRemembersOfOneClientAreNoConstraintErrors() throws Exception {
        int threads = 12;
        atOnce(threads, i -> () -> {
            knownClients.remember("marker-a", NOW.plusSeconds(100 + i));
            return true;
        });

        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(100 + threads - 2))).as("the latest expiry wins")
                .isTrue();
        assertThat(knownClients.isKnown("marker-a", NOW.plusSeconds(100 + threads - 1))).isFalse();
    }

    @Test
    void purgeForgetsOnlyExpiredClients() {
        knownClients.remember("marker-a", NOW.plusSeconds(60));
        knownClients.remember("marker-b", NOW.plusSeconds(3600));

        assertThat(knownClients.purgeExpired(NOW.plusSeconds(59))).isZero();
        assertThat(knownClients.purgeExpired(NOW.plusSeconds(60))).isEqualTo(1);
        assertThat(knownClients.isKnown("marker-a", NOW)).isFalse();
        assertThat(knownClients.isKnown("marker-b", NOW)).isTrue();
        assertThat(knownClients.purgeExpired(NOW.plusSeconds(60))).isZero();
    }

    @Test
    void onlyTheFirstOfTwoFirstKeysBecomesActive() {
        assertThat(keys.activateIfNone(TestServers.keyOf('a'))).isTrue();
        assertThat(keys.activateIfNone(TestServers.keyOf('b'))).isFalse();

        assertThat(keys.list()).singleElement().satisfies(key -> {
            assertThat(key.key().keyId()).isEqualTo(TestServers.keyOf('a').keyId());
            assertThat(key.active()).isTrue();
        });
        assertThat(keys.activeKeyId()).contains(TestServers.keyOf('a').keyId());
        keys.rotate(TestServers.keyOf('b'));
        assertThat(keys.activeKeyId()).contains(TestServers.keyOf('b').keyId());
    }

    @Test
    void noKeyIsActiveInAnEmptyStore() {
        assertThat(keys.activeKeyId()).isEmpty();
    }

    @Test
    void retiringAKeyRevokesEveryTokenItSignedAndNoOther() {
        String retired = TestServers.keyOf('a').keyId();
        String signing = TestServers.keyOf('b').keyId();
        keys.activateIfNone(TestServers.keyOf('a'));
        keys.rotate(TestServers.keyOf('b'));
        revocations.revoke(jti(2), NOW.plusSeconds(60));
        assertThat(revocations.isRevoked(jti(1), retired)).as("before the retirement").isFalse();

        keys.retire(retired);

        assertThat(revocations.isRevoked(jti(1), retired)).as("any token of the retired key").isTrue();
        assertThat(revocations.isRevoked(jti(3), retired)).as("any token of the retired key").isTrue();
        assertThat(revocations.isRevoked(jti(1), signing)).as("a token of the signing key").isFalse();
        assertThat(revocations.isRevoked(jti(2), signing)).as("a revoked token of the signing key").isTrue();
        assertThat(revocations.isRevoked(jti(1), KID)).as("a token of a key the store does not hold").isFalse();
    }

    @Test
    void ringSignsWithAKeyRotatedElsewhereFromTheNextTokenOn() {
        StoredKeyRing ring = StoredKeyRing.open(keys, new SecureRandom(), clock);
        SigningKey rotated = TestServers.keyOf('n');

        keys.rotate(rotated);

        assertThat(ring.signingKey().keyId()).as("no reload and no time passed").isEqualTo(rotated.keyId());
    }

    @Test
    void rotationSignsWithTheNewKeyAndKeepsVerifyingWithThePreviousUntilRetired() {
        StoredKeyRing ring = StoredKeyRing.open(keys, new SecureRandom(), clock);
        SigningKey first = ring.signingKey();
        SigningKey second = TestServers.keyOf('r');

        keys.rotate(second);
        ring.refresh();

        assertThat(ring.signingKey().keyId()).isEqualTo(second.keyId());
        assertThat(ring.verificationKey(first.keyId())).isPresent();
        assertThatThrownBy(() -> keys.retire(second.keyId())).hasMessageContaining("rotate before retiring");

        assertThat(keys.retire(first.keyId())).isTrue();
        ring.refresh();
        assertThat(ring.verificationKey(first.keyId())).isEmpty();
        assertThat(keys.retire("no-such-kid")).isFalse();
    }

    @Test
    void ringLearnsOfARotationByAnotherInstanceWhenATokenNamesTheNewKey() {
        StoredKeyRing ring = StoredKeyRing.open(keys, new SecureRandom(), clock);
        SigningKey rotated = TestServers.keyOf('z');
        keys.rotate(rotated);
        clock.advance(Duration.ofSeconds(2));

        assertThat(ring.verificationKey(rotated.keyId()).map(SigningKey::keyId)).contains(rotated.keyId());
        assertThat(ring.signingKey().keyId()).isEqualTo(rotated.keyId());
    }
}
