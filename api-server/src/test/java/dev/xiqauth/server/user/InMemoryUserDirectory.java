package dev.xiqauth.server.user;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Users held in memory: for tests only, since every user is gone when the process ends.
 */
public final class InMemoryUserDirectory implements UserDirectory {
    private final Map<String, User> usersByKey = new HashMap<>();
    private long lastUserId;

    @Override
    public synchronized Optional<User> findByUsername(String username) {
        return Optional.ofNullable(usersByKey.get(key(username)));
    }

    @Override
    public synchronized Optional<User> findById(long userId) {
        return usersByKey.values().stream().filter(user -> user.userId() == userId).findFirst();
    }

    @Override
    public synchronized User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
        Usernames.requireValid(username);
        return put(new User(lastUserId + 1, username, passwordHash, role, tenant, true, Instant.EPOCH));
    }

    /** Adds a user exactly as given, for tests that need a disabled user or a given id. */
    public synchronized User put(User user) {
        if (usersByKey.putIfAbsent(key(user.username()), user) != null) {
            throw new DuplicateUserException(user.username());
        }
        lastUserId = Math.max(lastUserId, user.userId());
        return user;
    }

    @Override
    public synchronized boolean isEmpty() {
        return usersByKey.isEmpty();
    }

    @Override
    public synchronized List<User> list() {
        return usersByKey.values().stream().sorted(Comparator.comparingLong(User::userId)).toList();
    }

    @Override
    public synchronized Map<String, Long> hashParameterCounts() {
        return usersByKey.values().stream().collect(Collectors.groupingBy(
                user -> user.passwordHash().replaceFirst("\\$[^$]*\\$[^$]*$", ""), Collectors.counting()));
    }

    @Override
    public synchronized boolean changePassword(String username, String passwordHash, Instant invalidateBefore) {
        return update(username, u -> new User(u.userId(), u.username(), passwordHash, u.role(), u.tenant(), u.enabled(),
                invalidateBefore, u.tokenGeneration() + 1));
    }

    @Override
    public synchronized boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
        return update(username, u -> new User(u.userId(), u.username(), u.passwordHash(), u.role(), u.tenant(), enabled,
                enabled ? u.tokensValidAfter() : invalidateBefore,
                enabled ? u.tokenGeneration() : u.tokenGeneration() + 1));
    }

    @Override
    public synchronized boolean remove(String username) {
        return usersByKey.remove(key(username)) != null;
    }

    @Override
    public synchronized boolean upgradeHash(long userId, String currentHash, String strongerHash) {
        Optional<User> user = findById(userId).filter(u -> u.passwordHash().equals(currentHash));
        user.ifPresent(u -> usersByKey.put(key(u.username()), new User(u.userId(), u.username(), strongerHash, u.role(),
                u.tenant(), u.enabled(), u.tokensValidAfter(), u.tokenGeneration())));
        return user.isPresent();
    }

    private boolean update(String username, UnaryOperator<User> change) {
        return usersByKey.computeIfPresent(key(username), (k, user) -> change.apply(user)) != null;
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
