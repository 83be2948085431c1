package dev.xiqauth.server.view;

import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.ApiTokenStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store's API tokens, each change also made in the {@link CheckView} before it returns: a new token is
 * answerable before it is handed out, and a revoked one (with those it created) is refused from the next check.
 */
final class ViewedApiTokens implements ApiTokenStore {
    private final ApiTokenStore store;
    private final CheckView view;

    ViewedApiTokens(ApiTokenStore store, CheckView view) {
        this.store = store;
        this.view = view;
    }

    @Override
    public Recording add(ApiTokenRecord record, long tokenGeneration, int maxLivePerUser) {
        return view.change((users, apiTokens) -> {
            Recording recording = store.add(record, tokenGeneration, maxLivePerUser);
            if (recording == Recording.ADDED) {
                apiTokens.put(record.jti(), record);
            }
            return recording;
        });
    }

    @Override
    public Optional<ApiTokenRecord> find(String jti) {
        return view.apiToken(jti);
    }

    /** The store deletes the tokens it created too, all of the same user: the user's tokens are read again. */
    @Override
    public boolean revoke(String jti) {
        return view.change((users, apiTokens) -> {
            // Its user, to re-read that user's tokens after: the view's record, or the store's before it is loaded.
            Optional<ApiTokenRecord> record = Optional.ofNullable(apiTokens.get(jti)).or(() -> store.find(jti));
            boolean revoked;
            try {
                revoked = store.revoke(jti);
            } catch (RuntimeException failed) {
                // The delete may have committed before the failure, with the tokens it created: all of them refused
                // here too, never accepted while the store has forgotten them (the next reload brings them back if
                // the delete did not commit).
                forgetWithDescendants(jti, apiTokens);
                throw failed;
            }
            record.ifPresent(gone -> view.reloadUser(gone.userId(), users, apiTokens));
            return revoked;
        });
    }

    /** Removes a token and every token created from it, however deep, from the view's records. */
    private static void forgetWithDescendants(String jti, Map<String, ApiTokenRecord> apiTokens) {
        Set<String> gone = new HashSet<>();
        gone.add(jti);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ApiTokenRecord record : apiTokens.values()) {
                if (record.parentJti().filter(gone::contains).isPresent() && gone.add(record.jti())) {
                    grew = true;
                }
            }
        }
        apiTokens.keySet().removeAll(gone);
    }

    @Override
    public List<ApiTokenRecord> list() {
        return store.list();
    }

    @Override
    public List<ApiTokenRecord> listCreatedBy(long userId) {
        return store.listCreatedBy(userId);
    }

    @Override
    public int purgeExpired() {
        int purged = store.purgeExpired();
        view.forgetExpiredApiTokens();
        return purged;
    }
}
