package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.user.DuplicateUserException;
import dev.xiqauth.server.user.User;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store contract over a database, and what only the database stores do. */
abstract class JdbcStoreContract extends StoreContract {
    private Database database;

    /** @return settings of an empty database for one test */
    protected abstract StoreSettings freshStore() throws Exception;

    /** Releases what {@link #freshStore()} made. */
    protected abstract void releaseStore() throws Exception;

    /**
     * @param database the database's revocations
     * @return the revocations under test: the database's, unless a subclass puts something in front of them
     */
    protected RevocationStore revocationsOver(JdbcRevocationStore database) {
        return database;
    }

    @Override
    protected final OpenStores openEmpty() throws Exception {
        database = Database.open(freshStore());
        RevocationStore revocations = revocationsOver(new JdbcRevocationStore(database, clock));
        return new OpenStores(new JdbcUserDirectory(database), revocations,
                new JdbcLoginFailureStore(database), new JdbcKnownClientStore(database),
                new JdbcSigningKeyStore(database, clock), new JdbcApiTokenStore(database, clock),
                new JdbcQuotaLedger(database), () -> {
                    if (revocations instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                    database.close();
                    releaseStore();
                });
    }

    @Test
    void aNameThatLooksLikeAnExistingUsersIsRefusedAndAddsNobody() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        users.add("admin@example.com", "hash", "Administrator", Optional.empty());

        assertThatThrownBy(() -> users.add("adrnin@example.com", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class).hasMessageContaining("looks like the existing user");
        assertThatThrownBy(() -> users.add("ADMIN@example.com", "hash", "Operator", Optional.empty()))
                .isInstanceOf(DuplicateUserException.class);
        assertThat(users.list()).extracting(User::username).containsExactly("admin@example.com");
    }

    @Test
    void removingAUserRemovesTheRecordsOfItsApiTokens() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        long gone = users.add("leaver@example.com", "hash", "Operator", Optional.empty()).userId();
        long stays = users.add("stayer@example.com", "hash", "Operator", Optional.empty()).userId();
        added(apiTokens, new ApiTokenRecord(jti(1), gone, Set.of("device:read"), Optional.empty(), NOW, Optional.empty(),
                Optional.empty()));
        added(apiTokens, new ApiTokenRecord(jti(2), stays, Set.of("device:read"), Optional.empty(), NOW, Optional.empty(),
                Optional.empty()));

        users.remove("leaver@example.com");

        assertThat(apiTokens.find(jti(1))).isEmpty();
        assertThat(apiTokens.find(jti(2))).isPresent();
    }

    @Test
    void changingThePasswordOrDisablingAUserForgetsTheApiTokensItCreated() {
        JdbcUserDirectory users = new JdbcUserDirectory(database);
        JdbcApiTokenStore apiTokens = new JdbcApiTokenStore(database, clock);
        long first = users.add("first@example.com", "hash", "Operator", Optional.empty()).userId();
        long second = users.add("second@example.com", "hash", "Operator", Optional.empty()).userId();
        long third = users.add("third@example.com", "hash", "Operator", Optional.empty()).userId();
        for (long userId : new long[] {first, second, third}) {
            added(apiTokens, new ApiTokenRecord(jti((int) userId), userId, Set.of("device:read"), Optional.empty(), NOW,
                    Optional.empty(), Optional.empty()));
        }

        users.changePassword("FIRST@example.com", "new hash", NOW.plusSeconds(1));
        users.setEnabled("second@example.com", false, NOW.plusSeconds(1));

        assertThat(apiTokens.list()).extracting(ApiTokenRecord::userId).containsExactly(third);
    }

    @Test
    void purgeWorksThroughManyBatchesAndTiedExpiriesWithoutTouchingLiveRevocations() {
        JdbcRevocationStore smallBatches = new JdbcRevocationStore(database, clock, 3);
        for (int i = 0; i < 10; i++) {
            smallBatches.revoke(jti(i), NOW.plusSeconds(i < 6 ? 10 : 20 + i));
        }
        smallBatches.revoke(jti(99), NOW.plusSeconds(3600));
        clock.advance(Duration.ofSeconds(35).plusMinutes(5));

        assertThat(smallBatches.purgeExpired()).isEqualTo(10);
        assertThat(smallBatches.isRevoked(jti(99), KID)).isTrue();
        assertThat(smallBatches.isRevoked(jti(9), KID)).isFalse();
    }
}
