package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BootstrapUserTest {
    private static final Optional<String> NAME = Optional.of("jane.doe@example.com");
    private static final Optional<String> PASSWORD = Optional.of("Secret-pass-1234");

    @Test
    void instancesStartedTogetherOnAnEmptyStoreMakeOneFirstUserAndAllStart() throws Exception {
        InMemoryUserDirectory store = new InMemoryUserDirectory();
        // Each instance hashes between finding the store empty and adding the user: both find it empty.
        CyclicBarrier bothFoundItEmpty = new CyclicBarrier(2);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            List<Future<Optional<User>>> started = instances.invokeAll(List.of(
                    () -> bootstrap(store, bothFoundItEmpty), () -> bootstrap(store, bothFoundItEmpty)),
                    10, TimeUnit.SECONDS);

            Optional<User> first = started.get(0).get();
            Optional<User> second = started.get(1).get();
            assertThat(first.isPresent() ^ second.isPresent()).as("one instance made the user, none failed").isTrue();
            assertThat(store.list()).extracting(User::username).containsExactly("jane.doe@example.com");
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void anEmptyStoreGetsTheConfiguredUser() {
        InMemoryUserDirectory store = new InMemoryUserDirectory();

        Optional<User> made = new BootstrapUser(store, new PlainHasher(null), new SecureRandom(), System.out)
                .ensureOneUser(NAME, PASSWORD);

        assertThat(made.orElseThrow().username()).isEqualTo("jane.doe@example.com");
        assertThat(store.findByUsername("jane.doe@example.com").orElseThrow().passwordHash())
                .isEqualTo("plain:Secret-pass-1234");
    }

    private static Optional<User> bootstrap(UserDirectory store, CyclicBarrier barrier) {
        return new BootstrapUser(store, new PlainHasher(barrier), new SecureRandom(), System.out)
                .ensureOneUser(NAME, PASSWORD);
    }

    /** Hashes at once, after waiting at the barrier when there is one. */
    private record PlainHasher(CyclicBarrier barrier) implements PasswordHasher {
        @Override
        public String hash(String password) {
            if (barrier != null) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other instance never hashed", e);
                }
            }
            return "plain:" + password;
        }

        @Override
        public boolean verify(String encodedHash, String password) {
            return encodedHash.equals("plain:" + password);
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }
    }
}
