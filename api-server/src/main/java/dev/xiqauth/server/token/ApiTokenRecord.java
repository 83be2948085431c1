package dev.xiqauth.server.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the store keeps of an API token: never the token itself.
 *
 * @param jti its id: 32 hex digits
 * @param userId the id of the user whose token created it, and whose state it follows
 * @param permissions the permissions it was granted, sorted
 * @param description what it is for, if its creator said
 * @param createdAt when it was created
 * @param expiresAt when it expires; empty if never
 * @param parentJti the API token that created it, whose revocation revokes it too; empty when a login token did
 */
public record ApiTokenRecord(String jti, long userId, Set<String> permissions, Optional<String> description,
        Instant createdAt, Optional<Instant> expiresAt, Optional<String> parentJti) {
    private static final Pattern JTI = Pattern.compile("[0-9a-f]{32}");

    public ApiTokenRecord {
        Objects.requireNonNull(jti, "jti");
        if (!JTI.matcher(jti).matches()) {
            throw new IllegalArgumentException("a jti is 32 lower-case hex digits");
        }
        permissions = Set.copyOf(new TreeSet<>(Objects.requireNonNull(permissions, "permissions")));
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(parentJti, "parentJti");
        if (parentJti.isPresent() && !JTI.matcher(parentJti.get()).matches()) {
            throw new IllegalArgumentException("a parent jti is 32 lower-case hex digits");
        }
    }

    /** @return its permissions in name order */
    public Set<String> sortedPermissions() {
        return new TreeSet<>(permissions);
    }
}
