package dev.xiqauth.server.permission;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An operation of another service, as the operator's catalogue describes it for
 * {@code checkPermissions}.
 *
 * @param method its HTTP method, upper case
 * @param uri its path template
 * @param permissions the permissions it requires
 */
public record CatalogueOperation(String method, PathTemplate uri, Set<String> permissions) {

    public CatalogueOperation {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(uri, "uri");
        permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
    }

    /** @return whether it serves a request with this upper-case method and decoded path */
    public boolean serves(String requestMethod, String path) {
        return method.equals(requestMethod) && uri.matches(path);
    }
}
