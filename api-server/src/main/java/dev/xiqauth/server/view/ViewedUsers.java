package dev.xiqauth.server.view;

import dev.xiqauth.server.user.TenantAttributes;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The store's users, found by id in the {@link CheckView}, each change also made there before it returns (with
 * the API tokens it deletes). Found by name in the store: a login needs the current hash, and costs a hash anyway.
 */
final class ViewedUsers implements UserDirectory {
    private final UserDirectory store;
    private final CheckView view;

    ViewedUsers(UserDirectory store, CheckView view) {
        this.store = store;
        this.view = view;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return store.findByUsername(username);
    }

    @Override
    public Optional<User> findById(long userId) {
        return view.user(userId);
    }

    @Override
    public User add(String username, String passwordHash, String role, Optional<TenantAttributes> tenant) {
        return view.change((users, apiTokens) -> {
            User added = store.add(username, passwordHash, role, tenant);
            view.reloadUser(added.userId(), users, apiTokens);
            return added;
        });
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty();
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
        return changeOf(username, () -> store.changePassword(username, passwordHash, invalidateBefore));
    }

    @Override
    public boolean setEnabled(String username, boolean enabled, Instant invalidateBefore) {
        return changeOf(username, () -> store.setEnabled(username, enabled, invalidateBefore));
    }

    @Override
    public boolean remove(String username) {
        return changeOf(username, () -> store.remove(username));
    }

    @Override
    public boolean upgradeHash(long userId, String currentHash, String strongerHash) {
        return view.change((users, apiTokens) -> {
            boolean upgraded = store.upgradeHash(userId, currentHash, strongerHash);
            view.reloadUser(userId, users, apiTokens);
            return upgraded;
        });
    }

    /** The user is found first: after a removal there is no name to find it by. */
    private boolean changeOf(String username, BooleanSupplier change) {
        return view.change((users, apiTokens) -> {
            Optional<User> before = store.findByUsername(username);
            boolean changed = change.getAsBoolean();
            before.ifPresent(user -> view.reloadUser(user.userId(), users, apiTokens));
            return changed;
        });
    }
}
