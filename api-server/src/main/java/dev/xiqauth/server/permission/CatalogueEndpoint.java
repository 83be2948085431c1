package dev.xiqauth.server.permission;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A call of XIQ's API (or of another service behind this server), as the catalogue describes it.
 *
 * @param method its HTTP method, upper case
 * @param uri its path template
 * @param category the API category it belongs to
 * @param permissions the permissions any one of which allows it to an API token; none: no API token may make it
 * @param roles the roles whose users' login tokens may make it
 */
public record CatalogueEndpoint(String method, PathTemplate uri, String category, Set<String> permissions,
        Set<String> roles) {

    public CatalogueEndpoint {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(category, "category");
        permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    /** @return whether it serves a request with this upper-case method and decoded path */
    public boolean serves(String requestMethod, String path) {
        return method.equals(requestMethod) && uri.matches(path);
    }

    /** @return how it is written: its method and template */
    public String call() {
        return method + " " + uri;
    }
}
