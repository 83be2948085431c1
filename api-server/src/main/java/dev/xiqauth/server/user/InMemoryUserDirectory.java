package dev.xiqauth.server.user;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users held in memory: for tests and for a single development instance only, since every user is
 * gone when the process ends.
 */
public final class InMemoryUserDirectory implements UserDirectory {
    private final ConcurrentMap<String, User> usersByFoldedName = new ConcurrentHashMap<>();
    private final AtomicLong lastUserId = new AtomicLong();

    @Override
    public Optional<User> findByUsername(String username) {
        return Optional.ofNullable(usersByFoldedName.get(fold(username)));
    }

    @Override
    public User add(String username, String passwordHash, String role) {
        User user = new User(lastUserId.incrementAndGet(), username, passwordHash, role, Optional.empty(), true);
        if (usersByFoldedName.putIfAbsent(fold(username), user) != null) {
            throw new IllegalStateException("a user with this name exists already");
        }
        return user;
    }

    /** Adds a user exactly as given, for tests that need tenant attributes or a disabled user. */
    public User put(User user) {
        if (usersByFoldedName.putIfAbsent(fold(user.username()), user) != null) {
            throw new IllegalStateException("a user with this name exists already");
        }
        lastUserId.accumulateAndGet(user.userId(), Math::max);
        return user;
    }

    @Override
    public boolean isEmpty() {
        return usersByFoldedName.isEmpty();
    }

    private static String fold(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
