package dev.xiqauth.server.permission;

import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.contract.Operation;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code checkPermissions}: what XIQ requires of a call, as its catalogue lists it: the permissions any one of
 * which allows it to an API token, and the roles that may make it. This server's own operations are in the
 * catalogue too, and must be listed there as the contract's {@code x-xiq-permissions} declare them (the very
 * declarations the {@code PermissionFilter}s enforce), so that the answer for them is what this server does.
 */
public final class PermissionCheck {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,16}");

    private final PermissionCatalogue catalogue;

    /**
     * @param contract what this server's operations require
     * @param catalogue XIQ's model, or the operator's
     * @throws IllegalStateException if the catalogue lacks one of this server's guarded operations, or lists
     *     other permissions for it than the contract declares
     */
    public PermissionCheck(ContractSecurity contract, PermissionCatalogue catalogue) {
        this.catalogue = catalogue;
        for (Operation operation : contract.operations()) {
            if (!contract.requiresBearer(operation)) {
                continue;
            }
            Set<String> declared = contract.requiredPermissions(operation);
            CatalogueEndpoint listed = ownEndpoint(catalogue, operation);
            if (!listed.permissions().equals(declared)) {
                throw new IllegalStateException("the permission catalogue lists " + new TreeSet<>(listed.permissions())
                        + " for " + operation + ", which this server requires " + new TreeSet<>(declared)
                        + " for (the contract's x-xiq-permissions): list those");
            }
        }
    }

    /**
     * @param catalogue XIQ's model, or the operator's
     * @param operation one of this server's operations
     * @return the catalogue's endpoint for it
     * @throws IllegalStateException if the catalogue does not list it
     */
    public static CatalogueEndpoint ownEndpoint(PermissionCatalogue catalogue, Operation operation) {
        return catalogue.endpoints().stream()
                .filter(endpoint -> endpoint.method().equals(operation.method())
                        && endpoint.uri().shape().equals(PathTemplate.of(operation.path()).shape()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the permission catalogue does not list "
                        + operation + ", one of this server's operations: list it with the roles that may make it"));
    }

    /**
     * @param method the request's method, in any case
     * @param uri its path, or an absolute URL whose path is used; a query or fragment is ignored
     * @return what it requires
     * @throws ApiProblem {@code 400} if the method or URI cannot be read, {@code 404 UNKNOWN_OPERATION} if the
     *     catalogue lists no call that serves it
     */
    public RequiredPermissions check(String method, String uri) {
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with a method that is not a token");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        String path = pathOf(uri);
        Optional<CatalogueEndpoint> endpoint = catalogue.endpoint(upper, path);
        if (endpoint.isEmpty() && upper.equals("HEAD")) {
            // JAX-RS answers HEAD with the GET resource method, whose filters guard it.
            endpoint = catalogue.endpoint("GET", path);
        }
        CatalogueEndpoint required = endpoint.orElseThrow(() -> new ApiProblem(ErrorCode.UNKNOWN_OPERATION,
                "checkPermissions for an operation nobody declares"));
        List<String> roles = catalogue.roles().stream().map(Role::name).filter(required.roles()::contains).toList();
        return new RequiredPermissions(catalogue.permissions(required.permissions()), roles);
    }

    /**
     * The decoded path, segment by segment. A path that servers and proxies route differently is refused, for an
     * answer for a template the request will not reach is worse than none:
     * <ul>
     * <li>a dot segment, {@code .} or {@code ..}, plain or percent-encoded ({@code %2e%2e}, {@code .%2e}), and with
     *     a path parameter ({@code ..;}, {@code .;x}), which Tomcat and Jetty take for a dot segment;
     * <li>a path parameter, raw or encoded ({@code /a;x/b}, {@code /a%3Bx/b}): servlet containers strip it before
     *     routing, so {@code /a;x/b} reaches {@code /a/b};
     * <li>a NUL or another control character (percent-encoded: a raw one is not a URI), which some servers cut the
     *     path at;
     * <li>a backslash, which some servers take for a slash, and an encoded slash, which some decode before routing.
     * </ul>
     */
    private static String pathOf(String uri) {
        if (uri == null || uri.isBlank()) {
            throw malformed("checkPermissions without a uri");
        }
        try {
            URI parsed = new URI(uri.strip());
            String raw = parsed.getRawPath();
            if (raw == null || raw.isEmpty()) {
                return "/";
            }
            if (!raw.startsWith("/")) {
                throw malformed("checkPermissions with a relative uri");
            }
            StringBuilder path = new StringBuilder();
            for (String segment : raw.substring(1).split("/", -1)) {
                int parameters = segment.indexOf(';');
                String name = decode(parameters < 0 ? segment : segment.substring(0, parameters));
                if (name.equals(".") || name.equals("..")) {
                    throw malformed("checkPermissions with a dot segment");
                }
                if (parameters >= 0) {
                    throw malformed("checkPermissions with a path parameter (';')");
                }
                if (segment.toLowerCase(Locale.ROOT).contains("%2f")) {
                    throw malformed("checkPermissions with an encoded slash");
                }
                String decoded = decode(segment);
                if (decoded.indexOf(';') >= 0) {
                    throw malformed("checkPermissions with an encoded ';', a path parameter to some servers");
                }
                if (decoded.indexOf('\\') >= 0) {
                    throw malformed("checkPermissions with a backslash");
                }
                if (decoded.chars().anyMatch(Character::isISOControl)) {
                    throw malformed("checkPermissions with a NUL or another control character");
                }
                path.append('/').append(decoded);
            }
            return path.toString();
        } catch (URISyntaxException e) {
            throw malformed("checkPermissions with a uri that is not a URI");
        }
    }

    /** A {@code +} in a path is a plus, not a space. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ApiProblem malformed(String why) {
        return new ApiProblem(ErrorCode.MALFORMED_REQUEST, why);
    }
}
