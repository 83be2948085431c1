package dev.xiqauth.server.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapUserTest {
    private static final Optional<String> NAME = Optional.of("jane.doe@example.com");
    private static final Optional<String> PASSWORD = Optional.of("Secret-pass-1234");

    @Test
    void anInstanceThatLosesTheRaceForTheFirstUserStartsAllTheSame() {
        InMemoryUserDirectory store = new InMemoryUserDirectory();
        // The other instance inserts the user after this one found the store empty, before this one inserts it.
        UserDirectory racing = new FoundEmptyThenFilled(store,
                () -> store.add("jane.doe@example.com", "other-hash", BootstrapUser.ROLE, Optional.empty()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        Optional<User> made = new BootstrapUser(racing, new PlainHasher(), new SecureRandom(),
                new PrintStream(console, true, StandardCharsets.UTF_8)).ensureOneUser(NAME, PASSWORD);

        assertTrue(made.isEmpty(), "the user is the other instance's");
        assertEquals(1, store.list().size());
        assertEquals("other-hash", store.findByUsername("jane.doe@example.com").orElseThrow().passwordHash());
        assertEquals("", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyStoreGetsTheConfiguredUser() {
        InMemoryUserDirectory store = new InMemoryUserDirectory();

        Optional<User> made = new BootstrapUser(store, new PlainHasher(), new SecureRandom(), System.out)
                .ensureOneUser(NAME, PASSWORD);

        assertEquals("jane.doe@example.com", made.orElseThrow().username());
        assertEquals("plain:Secret-pass-1234", store.findByUsername("jane.doe@example.com").orElseThrow()
                .passwordHash());
    }

    private static final class PlainHasher implements PasswordHasher {
        @Override
        public String hash(String password) {
            return "plain:" + password;
        }

        @Override
        public boolean verify(String encodedHash, String password) {
            return encodedHash.equals(hash(password));
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }
    }

    /** A store that another instance fills right after this one has looked at it. */
    private static final class FoundEmptyThenFilled implements UserDirectory {
        private final UserDirectory store;
        private final Runnable otherInstance;

        FoundEmptyThenFilled(UserDirectory store, Runnable otherInstance) {
            this.store = store;
            this.otherInstance = otherInstance;
        }

        @Override
        public boolean isEmpty() {
            boolean empty = store.isEmpty();
            otherInstance.run();
            return empty;
        }

        @Override
        public Optional<User> findByUsername(String username) {
            return store.findByUsername(username);
        }

        @Override
        public Optional<User> findById(long userId) {
            return store.findById(userId);
        }

        @Override
        public User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
            return store.add(username, passwordHash, role, tenant);
        }

        @Override
        public List<User> list() {
            return store.list();
        }

        @Override
        public Map<String, Long> hashParameterCounts() {
            return store.hashParameterCounts();
        }

        @Override
        public boolean changePassword(String username, String passwordHash, Instant invalidateBefore) {
            return store.changePassword(username, passwordHash, invalidateBefore);
        }

        @Override
        public boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
            return store.setEnabled(username, enabled, invalidateBefore);
        }

        @Override
        public boolean remove(String username) {
            return store.remove(username);
        }

        @Override
        public boolean upgradeHash(long userId, String currentHash, String strongerHash) {
            return store.upgradeHash(userId, currentHash, strongerHash);
        }
    }
}
