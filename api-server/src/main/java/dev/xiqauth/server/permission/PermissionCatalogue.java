package dev.xiqauth.server.permission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions this server knows, the roles that grant them, and the operations of other services
 * that require them: data, not code. The defaults ({@value #DEFAULTS}) model XIQ's roles; an operator
 * replaces them with a file of the same form ({@code --permissions-file}), read once at start. Every
 * instance of a deployment must be given the same file.
 *
 * <p>It is immutable and validated as a whole: every permission a role or an operation names exists, no name
 * is given twice, and every role writes out what it grants ({@code permissions: []} for nothing: a list left
 * empty is more likely a mistake than a wish). A file may have at most {@value #MAX_FILE_BYTES} bytes (1 MiB;
 * the defaults have some 6 KB), checked before it is read.
 */
public final class PermissionCatalogue {
    /** The class-path resource of the default catalogue. */
    public static final String DEFAULTS = "/dev/xiqauth/server/permission/default-catalogue.yaml";

    /** The most bytes a catalogue may have: 1 MiB, some 180 times the defaults. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final String TOO_LARGE = " is larger than 1 MiB (" + MAX_FILE_BYTES
            + " bytes), the most a permission catalogue may have";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Permission> permissions;
    private final Map<String, Role> roles;
    private final List<CatalogueOperation> operations;

    private PermissionCatalogue(Map<String, Permission> permissions, Map<String, Role> roles,
            List<CatalogueOperation> operations) {
        this.permissions = permissions;
        this.roles = roles;
        this.operations = operations;
    }

    /** @return the catalogue the server ships with */
    public static PermissionCatalogue defaults() {
        try (InputStream in = PermissionCatalogue.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("the default permission catalogue " + DEFAULTS
                        + " is not on the class path");
            }
            return parse(in, DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default permission catalogue", e);
        }
    }

    /**
     * @param file a catalogue in YAML (or JSON)
     * @return it
     * @throws IllegalArgumentException if it cannot be read or is not a valid catalogue, naming the file and why
     */
    public static PermissionCatalogue read(Path file) {
        try {
            // Checked before reading; parse bounds the reading too, for a file that grows or has no size.
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("the permissions file " + file + TOO_LARGE);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the permissions file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the permissions file " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param in a catalogue in YAML (or JSON)
     * @param source what to call it in messages
     * @return it
     * @throws IllegalArgumentException if it is not a valid catalogue, or larger than {@value #MAX_FILE_BYTES} bytes
     */
    public static PermissionCatalogue parse(InputStream in, String source) {
        CatalogueFile file;
        try {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(source + TOO_LARGE);
            }
            file = new String(content, StandardCharsets.UTF_8).isBlank() ? null
                    : YAML.readValue(content, CatalogueFile.class);
        } catch (JsonProcessingException e) {
            // The original message names the field; the location says where, without echoing the input.
            throw new IllegalArgumentException(source + " is not a valid permission catalogue: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? ""
                            : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the permission catalogue " + source + ": " + e.getMessage());
        }
        if (file == null) {
            throw new IllegalArgumentException(source + " is empty: a permission catalogue names permissions and roles");
        }
        try {
            return of(file);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static PermissionCatalogue of(CatalogueFile file) {
        if (file.permissions() == null || file.permissions().isEmpty()) {
            throw new IllegalArgumentException("no permissions");
        }
        if (file.roles() == null || file.roles().isEmpty()) {
            throw new IllegalArgumentException("no roles");
        }
        Map<String, Permission> permissions = new LinkedHashMap<>();
        for (PermissionEntry entry : file.permissions()) {
            Permission permission = new Permission(entry.name(), entry.description(), entry.category());
            if (permissions.put(permission.name(), permission) != null) {
                throw new IllegalArgumentException("the permission " + permission.name() + " is named twice");
            }
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        Set<String> roleNames = new HashSet<>(); // in lower case: role names are ASCII
        for (RoleEntry entry : file.roles()) {
            if (entry.permissions() == null) {
                throw new IllegalArgumentException((entry.name() == null ? "a role without a name" : "the role "
                        + entry.name()) + " lists no permissions: write permissions: [] for a role that grants none");
            }
            Role role = new Role(entry.name(), entry.description() == null ? "" : entry.description(),
                    Set.copyOf(entry.permissions()));
            requireKnown(permissions, role.permissions(), "role " + role.name());
            if (!roleNames.add(role.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the role " + role.name() + " is named twice");
            }
            roles.put(role.name(), role);
        }
        List<CatalogueOperation> operations = new ArrayList<>();
        Set<String> operationNames = new HashSet<>();
        for (OperationEntry entry : file.operations() == null ? List.<OperationEntry>of() : file.operations()) {
            if (entry.method() == null || entry.uri() == null || entry.permissions() == null) {
                throw new IllegalArgumentException("an operation needs a method, a uri and its permissions");
            }
            CatalogueOperation operation = new CatalogueOperation(entry.method(), PathTemplate.of(entry.uri()),
                    Set.copyOf(entry.permissions()));
            requireKnown(permissions, operation.permissions(), "operation " + operation.method() + " " + operation.uri());
            if (!operationNames.add(operation.method() + " " + operation.uri())) {
                throw new IllegalArgumentException("the operation " + operation.method() + " " + operation.uri()
                        + " is named twice");
            }
            operations.add(operation);
        }
        return new PermissionCatalogue(Map.copyOf(permissions), Map.copyOf(roles), List.copyOf(operations));
    }

    private static void requireKnown(Map<String, Permission> permissions, Collection<String> names, String where) {
        for (String name : names) {
            if (!permissions.containsKey(name)) {
                throw new IllegalArgumentException(where + " names the permission '" + name
                        + "', which the catalogue does not define");
            }
        }
    }

    /**
     * @param names permission names, for example those the contract declares
     * @param where what names them, for the message
     * @throws IllegalStateException if one of them is not in this catalogue
     */
    public void requireDefined(Collection<String> names, String where) {
        try {
            requireKnown(permissions, names, where);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + ": add it to the permissions file");
        }
    }

    /** @return the permission of this name */
    public Optional<Permission> permission(String name) {
        return Optional.ofNullable(permissions.get(name));
    }

    /** @return every permission, by category and name */
    public List<Permission> permissions() {
        return permissions.values().stream()
                .sorted(Comparator.comparing(Permission::category).thenComparing(Permission::name)).toList();
    }

    /** @return every role, by name */
    public List<Role> roles() {
        return roles.values().stream().sorted(Comparator.comparing(Role::name)).toList();
    }

    /** @return the role of this name, spelled exactly */
    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** @return the permissions a role grants; none for a role the catalogue does not know, which so fails closed */
    public Set<String> permissionsOf(String role) {
        Role known = roles.get(role);
        return known == null ? Set.of() : known.permissions();
    }

    /** @return the names of the roles that grant every one of these permissions, sorted */
    public List<String> rolesHolding(Set<String> required) {
        return roles.values().stream().filter(role -> role.permissions().containsAll(required)).map(Role::name)
                .sorted().toList();
    }

    /**
     * @param method the request's method, upper case
     * @param path its decoded path
     * @return the permissions the catalogue's most specific operation serving it requires, if one does
     */
    public Optional<Set<String>> operationPermissions(String method, String path) {
        return operations.stream().filter(operation -> operation.serves(method, path))
                .max(Comparator.comparingInt(operation -> operation.uri().literalSegments()))
                .map(CatalogueOperation::permissions);
    }

    /** @return the names of every permission, sorted */
    public Set<String> permissionNames() {
        return new TreeSet<>(permissions.keySet());
    }

    /** The file's form. */
    private record CatalogueFile(List<PermissionEntry> permissions, List<RoleEntry> roles,
            List<OperationEntry> operations) {
    }

    private record PermissionEntry(String name, String description, String category) {
    }

    private record RoleEntry(String name, String description, List<String> permissions) {
    }

    private record OperationEntry(String method, String uri, List<String> permissions) {
    }
}
