package dev.xiqauth.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which operations of the contract require a Bearer token, and which permissions each requires, read
 * from the {@code security} and {@value #PERMISSIONS_EXTENSION} of the OpenAPI document the server was
 * built from (an operation's own {@code security}, else the document's). A new operation added to the
 * contract is guarded as it declares, without new code.
 *
 * <p>It fails closed: an operation that declares a security scheme this server does not implement, or
 * requires a token but does not say which permissions (an empty list means any valid token), stops
 * the server at start and fails the build, instead of being served unguarded.
 */
public final class ContractSecurity {
    /** The name of the security scheme XIQ's contract and SDK use for access tokens. */
    public static final String BEARER_SCHEME = "Bearer";
    /** The vendor extension that lists the permissions an operation requires. */
    public static final String PERMISSIONS_EXTENSION = "x-xiq-permissions";
    /** The vendor extension by which a protected operation declares that it does not count against quotas. */
    public static final String COUNTS_QUOTA_EXTENSION = "x-xiq-counts-quota";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");

    private final Set<Operation> operations;
    private final Map<Operation, Set<String>> bearerOperations;
    private final Set<Operation> quotaExempt;

    private ContractSecurity(Set<Operation> operations, Map<Operation, Set<String>> bearerOperations,
            Set<Operation> quotaExempt) {
        this.operations = Set.copyOf(operations);
        this.bearerOperations = Map.copyOf(bearerOperations);
        this.quotaExempt = Set.copyOf(quotaExempt);
    }

    /**
     * @param contract the contract the server was built from
     * @return its security
     */
    public static ContractSecurity of(ContractDocument contract) {
        try (InputStream in = new ByteArrayInputStream(contract.bytes())) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged contract cannot be read", e);
        }
    }

    /**
     * @param openApiYaml an OpenAPI 3 document
     * @return its security requirements
     * @throws IOException if it cannot be read
     * @throws IllegalStateException if an operation requires a scheme other than {@value #BEARER_SCHEME},
     *     requires a token without declaring its permissions, or declares permissions without requiring a token
     */
    public static ContractSecurity parse(InputStream openApiYaml) throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(openApiYaml);
        JsonNode defaultSecurity = document.path("security");
        Set<Operation> all = new HashSet<>();
        Map<Operation, Set<String>> bearer = new HashMap<>();
        Set<Operation> quotaExempt = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getValue().has("$ref")) {
                throw new IllegalStateException("path " + path.getKey() + " is a $ref, which this server cannot read");
            }
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toLowerCase(Locale.ROOT);
                if (!HTTP_METHODS.contains(method)) {
                    continue;
                }
                JsonNode security = operation.getValue().has("security") ? operation.getValue().get("security")
                        : defaultSecurity;
                Operation key = new Operation(method.toUpperCase(Locale.ROOT), path.getKey());
                all.add(key);
                Set<String> permissions = permissionsOf(operation.getValue(), key);
                if (requiresBearer(security, key)) {
                    if (permissions == null) {
                        throw new IllegalStateException(key + " requires a Bearer token but declares no "
                                + PERMISSIONS_EXTENSION + ": list the permissions it requires, or [] for any valid token");
                    }
                    bearer.put(key, permissions);
                    if (!countsQuota(operation.getValue(), key)) {
                        quotaExempt.add(key);
                    }
                } else if (operation.getValue().has(COUNTS_QUOTA_EXTENSION)) {
                    throw new IllegalStateException(key + " requires no token but declares " + COUNTS_QUOTA_EXTENSION
                            + ", which only a token's quota could mean");
                } else if (permissions != null && !permissions.isEmpty()) {
                    throw new IllegalStateException(key + " requires no token but declares " + PERMISSIONS_EXTENSION
                            + " " + permissions + ", which no token could be checked for");
                }
            }
        }
        return new ContractSecurity(all, bearer, quotaExempt);
    }

    /** @return false if the operation declares that it does not count against the token's quota */
    private static boolean countsQuota(JsonNode operation, Operation key) {
        if (!operation.has(COUNTS_QUOTA_EXTENSION)) {
            return true;
        }
        JsonNode declared = operation.get(COUNTS_QUOTA_EXTENSION);
        if (!declared.isBoolean()) {
            throw new IllegalStateException(key + " has a " + COUNTS_QUOTA_EXTENSION + " that is not true or false");
        }
        return declared.booleanValue();
    }

    /** @return the declared permissions, or null if the operation declares none */
    private static Set<String> permissionsOf(JsonNode operation, Operation key) {
        if (!operation.has(PERMISSIONS_EXTENSION)) {
            return null;
        }
        JsonNode declared = operation.get(PERMISSIONS_EXTENSION);
        if (!declared.isArray()) {
            throw new IllegalStateException(key + " has a " + PERMISSIONS_EXTENSION + " that is not a list");
        }
        Set<String> permissions = new TreeSet<>();
        for (JsonNode permission : declared) {
            if (!permission.isTextual() || permission.asText().isBlank()) {
                throw new IllegalStateException(key + " lists a permission that is not a name: " + permission);
            }
            permissions.add(permission.asText());
        }
        return Set.copyOf(permissions);
    }

    /**
     * A security value is a list of alternatives; each alternative names the schemes it needs
     * together. The operation needs a Bearer token unless some alternative needs nothing.
     */
    private static boolean requiresBearer(JsonNode security, Operation operation) {
        if (security.isMissingNode() || security.isArray() && security.isEmpty()) {
            return false;
        }
        if (!security.isArray()) {
            throw new IllegalStateException(operation + " has a security value that is not a list");
        }
        for (JsonNode alternative : security) {
            if (alternative.isEmpty()) {
                return false;
            }
            for (Iterator<String> schemes = alternative.fieldNames(); schemes.hasNext();) {
                String scheme = schemes.next();
                if (!BEARER_SCHEME.equals(scheme)) {
                    throw new IllegalStateException(operation + " requires the security scheme '" + scheme
                            + "', which this server does not implement");
                }
            }
        }
        return true;
    }

    /** @return whether the operation requires a Bearer token */
    public boolean requiresBearer(Operation operation) {
        return bearerOperations.containsKey(operation);
    }

    /** @return every operation that requires a Bearer token */
    public Set<Operation> bearerOperations() {
        return bearerOperations.keySet();
    }

    /** @return every operation of the contract */
    public Set<Operation> operations() {
        return operations;
    }

    /**
     * @return whether a request of the operation counts against its token's quota (and is refused beyond
     *     it): every protected operation but those that declare {@code x-xiq-counts-quota: false}
     */
    public boolean countsQuota(Operation operation) {
        return requiresBearer(operation) && !quotaExempt.contains(operation);
    }

    /**
     * @return the permissions a token needs for the operation: none for an operation that needs no token,
     *     or any valid one
     */
    public Set<String> requiredPermissions(Operation operation) {
        return bearerOperations.getOrDefault(operation, Set.of());
    }

    /** @return every permission some operation requires, sorted */
    public Set<String> declaredPermissions() {
        Set<String> declared = new TreeSet<>();
        bearerOperations.values().forEach(declared::addAll);
        return declared;
    }
}
