package dev.xiqauth.server.permission;

import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.contract.Operation;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code checkPermissions}: which permissions an HTTP request requires, and which roles grant them. This
 * server's own operations answer from the contract's {@code x-xiq-permissions}, the very declarations the
 * {@code PermissionFilter}s enforce; other services' operations from the catalogue. Own operations come
 * first: a catalogue cannot redefine what this server enforces.
 */
public final class PermissionCheck {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,16}");

    private final Map<Operation, PathTemplate> ownOperations;
    private final ContractSecurity contract;
    private final PermissionCatalogue catalogue;

    public PermissionCheck(ContractSecurity contract, PermissionCatalogue catalogue) {
        this.contract = contract;
        this.catalogue = catalogue;
        this.ownOperations = contract.operations().stream()
                .collect(Collectors.toUnmodifiableMap(operation -> operation,
                        operation -> PathTemplate.of(operation.path())));
    }

    /**
     * @param method the request's method, in any case
     * @param uri its path, or an absolute URL whose path is used; a query or fragment is ignored
     * @return what it requires
     * @throws ApiProblem {@code 400} if the method or URI cannot be read, {@code 404 UNKNOWN_OPERATION} if no
     *     known operation serves it
     */
    public RequiredPermissions check(String method, String uri) {
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with a method that is not a token");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        String path = pathOf(uri);
        Optional<Set<String>> permissions = requiredFor(upper, path);
        if (permissions.isEmpty() && upper.equals("HEAD")) {
            // JAX-RS answers HEAD with the GET resource method, whose filters guard it.
            permissions = requiredFor("GET", path);
        }
        Set<String> required = permissions.orElseThrow(() -> new ApiProblem(ErrorCode.UNKNOWN_OPERATION,
                "checkPermissions for an operation nobody declares"));
        return new RequiredPermissions(required, catalogue.rolesHolding(required));
    }

    private Optional<Set<String>> requiredFor(String method, String path) {
        return ownOperations.entrySet().stream()
                .filter(own -> own.getKey().method().equals(method) && own.getValue().matches(path))
                .max(Comparator.comparingInt(own -> own.getValue().literalSegments()))
                .map(own -> contract.requiredPermissions(own.getKey()))
                .or(() -> catalogue.operationPermissions(method, path));
    }

    /**
     * The decoded path, segment by segment. A segment that is or decodes to {@code .} or {@code ..}, or that
     * holds an encoded {@code /}, is refused: servers and proxies route such paths differently, and an answer
     * for a template the request will not reach is worse than none.
     */
    private static String pathOf(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions without a uri");
        }
        try {
            URI parsed = new URI(uri.strip());
            String raw = parsed.getRawPath();
            if (raw == null || raw.isEmpty()) {
                return "/";
            }
            if (!raw.startsWith("/")) {
                throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with a relative uri");
            }
            StringBuilder path = new StringBuilder();
            for (String segment : raw.substring(1).split("/", -1)) {
                if (segment.toLowerCase(Locale.ROOT).contains("%2f")) {
                    throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with an encoded slash");
                }
                String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (decoded.equals(".") || decoded.equals("..")) {
                    throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with a dot segment");
                }
                path.append('/').append(decoded);
            }
            return path.toString();
        } catch (URISyntaxException e) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "checkPermissions with a uri that is not a URI");
        }
    }
}
