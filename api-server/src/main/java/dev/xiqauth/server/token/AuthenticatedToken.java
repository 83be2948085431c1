package dev.xiqauth.server.token;

import dev.xiqauth.server.user.User;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token that authenticates a request, with the user it speaks for as that user is now, and what it
 * may do now.
 *
 * @param token its verified facts
 * @param user the user it was issued to, as the store holds them at this request
 * @param scopes the permissions it carries now: its user's role's for a login token; for an API token,
 *     those it was granted that its user's role still grants
 */
public record AuthenticatedToken(VerifiedToken token, User user, Set<String> scopes) {

    public AuthenticatedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    /** @return its scopes in name order */
    public Set<String> sortedScopes() {
        return new TreeSet<>(scopes);
    }
}
