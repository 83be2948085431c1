package dev.xiqauth.server.permission;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * XIQ's permission model as data: its roles, its API categories, its permissions, and for each of its calls
 * (the endpoints) the permissions any one of which allows it to an API token and the roles whose login tokens
 * may make it. The defaults ({@value #DEFAULTS}) are generated from XIQ's own document by
 * {@code tools/xiq-permissions/GenerateXiqCatalogue.java}; an operator replaces them with a file of the same form
 * ({@code --permissions-file}), read once at start. Every instance of a deployment must be given the same file.
 *
 * <p>What a role grants follows from the endpoints: a role holds a permission when it may make every call the
 * permission allows (and the permission allows at least one). A login token carries its role's permissions; an
 * API token those it was granted that its user's role still holds. One permission covers another when every call
 * the other allows, the first allows too: holding {@code device} covers {@code device:list}, which allows only
 * {@code GET /devices}, a call of the Device category.
 *
 * <p>It is immutable and validated as a whole: every permission, role and category an entry names exists, no
 * name or call is given twice, and role names stay distinct however they are written. A file may have at most
 * {@value #MAX_FILE_BYTES} bytes (1 MiB; the defaults have some 140 KB), checked before it is read.
 */
public final class PermissionCatalogue {
    /** The class-path resource of the default catalogue. */
    public static final String DEFAULTS = "/dev/xiqauth/server/permission/default-catalogue.yaml";

    /** The most bytes a catalogue may have: 1 MiB. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final String TOO_LARGE = " is larger than 1 MiB (" + MAX_FILE_BYTES
            + " bytes), the most a permission catalogue may have";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Permission> permissions;
    private final List<Role> roles;
    private final Map<String, Role> rolesByKey;
    private final Map<String, Set<String>> categories;
    private final List<CatalogueEndpoint> endpoints;
    private final Map<String, List<CatalogueEndpoint>> coverage;
    private final Map<String, Set<String>> grants;

    private PermissionCatalogue(Map<String, Permission> permissions, List<Role> roles,
            Map<String, Set<String>> categories, List<CatalogueEndpoint> endpoints) {
        this.permissions = Map.copyOf(permissions);
        this.roles = List.copyOf(roles);
        Map<String, Role> byKey = new HashMap<>();
        for (Role role : roles) {
            byKey.put(key(role.name()), role);
            byKey.put(key(role.displayName()), role);
        }
        this.rolesByKey = Map.copyOf(byKey);
        this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        this.endpoints = List.copyOf(endpoints);
        Map<String, List<CatalogueEndpoint>> allowedBy = new HashMap<>();
        for (CatalogueEndpoint endpoint : endpoints) {
            for (String permission : endpoint.permissions()) {
                allowedBy.computeIfAbsent(permission, name -> new ArrayList<>()).add(endpoint);
            }
        }
        this.coverage = allowedBy.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        Map<String, Set<String>> granted = new HashMap<>();
        for (Role role : roles) {
            granted.put(role.name(), coverage.entrySet().stream()
                    .filter(entry -> entry.getValue().stream().allMatch(call -> call.roles().contains(role.name())))
                    .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet()));
        }
        this.grants = Map.copyOf(granted);
    }

    /**
     * @return the catalogue the server ships with: read once per process, for it is immutable and some 140 KB
     *     (the command line's settings and the application's builder both ask for it at every start)
     */
    public static PermissionCatalogue defaults() {
        return Defaults.CATALOGUE;
    }

    /** Holds the defaults, read when first asked for. */
    private static final class Defaults {
        static final PermissionCatalogue CATALOGUE = readDefaults();
    }

    private static PermissionCatalogue readDefaults() {
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
        Map<String, Set<String>> categories = new LinkedHashMap<>();
        for (CategoryEntry entry : listOrEmpty(file.categories())) {
            if (entry.name() == null || entry.name().isBlank()) {
                throw new IllegalArgumentException("a category without a name");
            }
            if (categories.put(entry.name(), Set.copyOf(listOrEmpty(entry.permissions()))) != null) {
                throw new IllegalArgumentException("the category " + entry.name() + " is named twice");
            }
        }
        Map<String, Permission> permissions = new LinkedHashMap<>();
        for (PermissionEntry entry : file.permissions()) {
            Permission permission = new Permission(entry.name(), entry.description(), entry.category());
            if (permissions.put(permission.name(), permission) != null) {
                throw new IllegalArgumentException("the permission " + permission.name() + " is named twice");
            }
            requireCategory(categories, permission.category(), "permission " + permission.name());
        }
        categories.forEach((name, named) -> requireKnown(permissions, named, "category " + name));
        List<Role> roles = new ArrayList<>();
        Map<String, String> roleKeys = new HashMap<>();
        for (RoleEntry entry : file.roles()) {
            Role role = new Role(entry.name(), entry.displayName() == null ? entry.name() : entry.displayName(),
                    entry.description() == null ? "" : entry.description());
            for (String spelling : new HashSet<>(List.of(key(role.name()), key(role.displayName())))) {
                String other = roleKeys.putIfAbsent(spelling, role.name());
                if (other != null && !other.equals(role.name())) {
                    throw new IllegalArgumentException("the role " + role.name() + " is named twice, or spelled like "
                            + other + " (role names are compared without case, spaces, '_' and '-')");
                }
            }
            roles.add(role);
        }
        List<CatalogueEndpoint> endpoints = new ArrayList<>();
        Set<String> calls = new HashSet<>();
        for (EndpointEntry entry : listOrEmpty(file.endpoints())) {
            if (entry.method() == null || entry.uri() == null || entry.permissions() == null || entry.roles() == null) {
                throw new IllegalArgumentException("an endpoint needs a method, a uri, its permissions and its roles"
                        + " (permissions: [] for one no API token may make)");
            }
            CatalogueEndpoint endpoint = new CatalogueEndpoint(entry.method(), PathTemplate.of(entry.uri()),
                    entry.category() == null ? "" : entry.category(), Set.copyOf(entry.permissions()),
                    Set.copyOf(entry.roles()));
            requireKnown(permissions, endpoint.permissions(), "endpoint " + endpoint.call());
            for (String role : endpoint.roles()) {
                if (roles.stream().noneMatch(known -> known.name().equals(role))) {
                    throw new IllegalArgumentException("endpoint " + endpoint.call() + " names the role '" + role
                            + "', which the catalogue does not define (endpoints name roles by name, not display name)");
                }
            }
            if (entry.category() != null) {
                requireCategory(categories, entry.category(), "endpoint " + endpoint.call());
            }
            if (!calls.add(endpoint.method() + " " + endpoint.uri().shape())) {
                throw new IllegalArgumentException("the endpoint " + endpoint.call() + " is named twice");
            }
            endpoints.add(endpoint);
        }
        return new PermissionCatalogue(permissions, roles, categories, endpoints);
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void requireCategory(Map<String, Set<String>> categories, String category, String where) {
        if (!categories.isEmpty() && !categories.containsKey(category)) {
            throw new IllegalArgumentException(where + " names the category '" + category
                    + "', which the catalogue does not define");
        }
    }

    private static void requireKnown(Map<String, Permission> permissions, Collection<String> names, String where) {
        for (String name : names) {
            if (!permissions.containsKey(name)) {
                throw new IllegalArgumentException(where + " names the permission '" + name
                        + "', which the catalogue does not define");
            }
        }
    }

    /** Role names compare without case, spaces, '_' and '-': HELP_DESK, Help Desk and HelpDesk are one role. */
    private static String key(String roleName) {
        return roleName.replaceAll("[ _-]", "").toLowerCase(Locale.ROOT);
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

    /** @return the permissions of these names that exist, by name */
    public List<Permission> permissions(Collection<String> names) {
        return names.stream().map(permissions::get).filter(Objects::nonNull)
                .sorted(Comparator.comparing(Permission::name)).toList();
    }

    /** @return every role, in the catalogue's order */
    public List<Role> roles() {
        return roles;
    }

    /**
     * @param name a role's name or display name, in any case, with or without spaces, '_' and '-'
     *     ({@code HELP_DESK}, {@code Help Desk}, {@code helpdesk})
     * @return the role it names
     */
    public Optional<Role> role(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(rolesByKey.get(key(name)));
    }

    /** @return the categories and the permissions each declares, in the catalogue's order */
    public Map<String, Set<String>> categories() {
        return categories;
    }

    /** @return every endpoint, in the catalogue's order */
    public List<CatalogueEndpoint> endpoints() {
        return endpoints;
    }

    /**
     * @param role a role's name, as users' records spell it
     * @return the permissions it holds (every call each allows, it may make); none for a role the catalogue does
     *     not know, which so fails closed
     */
    public Set<String> permissionsOf(String role) {
        return grants.getOrDefault(role, Set.of());
    }

    /**
     * @param held the permissions a token holds
     * @param permission a permission it would grant
     * @return whether every call the permission allows, one of {@code held} allows too; a permission that allows
     *     no call is covered only by itself
     */
    public boolean covers(Set<String> held, String permission) {
        if (held.contains(permission)) {
            return true;
        }
        List<CatalogueEndpoint> allowed = coverage.getOrDefault(permission, List.of());
        return !allowed.isEmpty() && allowed.stream()
                .allMatch(endpoint -> endpoint.permissions().stream().anyMatch(held::contains));
    }

    /**
     * @param method the request's method, upper case
     * @param path its decoded path
     * @return the catalogue's most specific endpoint serving it, if one does
     */
    public Optional<CatalogueEndpoint> endpoint(String method, String path) {
        CatalogueEndpoint best = null;
        for (CatalogueEndpoint endpoint : endpoints) {
            if (endpoint.serves(method, path)
                    && (best == null || endpoint.uri().literalSegments() > best.uri().literalSegments())) {
                best = endpoint;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the names of every permission, sorted */
    public Set<String> permissionNames() {
        return new TreeSet<>(permissions.keySet());
    }

    /** The file's form. */
    private record CatalogueFile(List<RoleEntry> roles, List<CategoryEntry> categories,
            List<PermissionEntry> permissions, List<EndpointEntry> endpoints) {
    }

    private record RoleEntry(String name, @JsonProperty("display_name") String displayName, String description) {
    }

    private record CategoryEntry(String name, List<String> permissions) {
    }

    private record PermissionEntry(String name, String description, String category) {
    }

    private record EndpointEntry(String method, String uri, String category, List<String> permissions,
            List<String> roles) {
    }
}
