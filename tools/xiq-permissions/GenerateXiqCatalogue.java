import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates this server's default permission catalogue from XIQ's own document, "XIQ API – Permission
 * Requirements and User Roles" ({@code XIQ API Documentation/xAPI-Permissions.pdf} in the public repository
 * {@code extremenetworks/ExtremeCloudIQ-APIs}), so that the next revision of XIQ's document is one rerun:
 *
 * <pre>
 * java tools/xiq-permissions/GenerateXiqCatalogue.java xAPI-Permissions.pdf \
 *     api-server/src/main/resources/dev/xiqauth/server/permission/default-catalogue.yaml \
 *     api-server/src/test/resources/dev/xiqauth/server/permission/xiq-document-rows.tsv
 * </pre>
 *
 * <p>It needs Java 17 and {@code pdftotext} (Debian's {@code poppler-utils}); the build needs neither, nor the
 * document: it reads the committed output. It writes two files: the catalogue, and the document's endpoint rows
 * as it read them (category, method, path, permissions and roles as written), which a test walks the catalogue
 * against. It stops, naming the line, at anything in the document it cannot place, and at a permission name
 * one letter away from another that it has not been told about (a new typo of XIQ's to decide on).
 *
 * <p>Where the document is silent or contradicts itself, the decisions are the constants below, and the
 * catalogue's header repeats them.
 */
public final class GenerateXiqCatalogue {
    /** XIQ's roles: the SDK's {@code XiqUserRole} names, and the document's names for them. */
    private static final Map<String, String> ROLES = orderedMap(
            "ADMINISTRATOR", "Administrator",
            "OPERATOR", "Operator",
            "MONITOR", "Monitor",
            "HELP_DESK", "Help Desk",
            "GUEST_MANAGEMENT", "Guest Management",
            "OBSERVER", "Observer",
            "INSTALLER", "Installer",
            "APPLICATION_OPERATOR", "Application Operator");

    /**
     * Misspellings in the document that stand beside the right spelling in the same category. Both are kept
     * (XIQ's servers may use either); a call that names either accepts both.
     */
    private static final Map<String, String> MISSPELLINGS = orderedMap(
            "lor:r", "lro:r");

    /** Pairs of names one letter apart that are different permissions, each pair in name order. */
    private static final Set<String> DIFFERENT = Set.of("log:r lor:r");

    /** Misspellings with no right spelling beside them: kept as XIQ writes them, the only name of their call. */
    private static final Set<String> KEPT_AS_WRITTEN = Set.of("device:mange", "radio-porfile:r");

    /**
     * Paths the document misspells, and what they are: a comma for an {@code m}; Express's {@code :id} for the
     * {@code {id}} every other path writes.
     */
    private static final Map<String, String> PATH_CORRECTIONS = orderedMap(
            "/user-profiles/{id}/,ac-firewall-policies/:detach", "/user-profiles/{id}/mac-firewall-policies/:detach",
            "/ng-reports/download/reports/:id", "/ng-reports/download/reports/{id}");

    /**
     * Every role may log out: the document leaves Application Operator out of {@code POST /logout}, and a token
     * its holder cannot revoke would break XIQ's own promise for it ("revokes currently used token").
     */
    private static final String EVERY_ROLE = "POST /logout";

    /**
     * This server's own extension, not XIQ's: RFC 7662 introspection for the services behind it, allowed to the
     * credential of such a service (an API token holding its one permission), and made by the roles that may
     * make such credentials.
     */
    static final String EXTENSION_CATEGORY = "Token Introspection (this server's own, not XIQ's)";
    private static final String EXTENSION_PERMISSION = "token:introspect";
    private static final String EXTENSION_DESCRIPTION = "Introspect any token for a service behind this server"
            + " (POST /oauth2/introspect, RFC 7662), and follow what changes the answers"
            + " under a lease (GET and DELETE /oauth2/introspect/changes): a service's own credential";
    private static final List<String> EXTENSION_ROLES = List.of("ADMINISTRATOR", "OPERATOR");

    /** Roles for a call whose roles read "NOT SET!": Appendix A gives Administrator and Operator every call. */
    private static final List<String> NOT_SET_ROLES = List.of("ADMINISTRATOR", "OPERATOR");

    private static final Pattern FOOTER = Pattern.compile("^\\s*(Page \\d+ of \\d+|\\^ Top \\^)\\s*$");
    private static final Pattern TOC_CATEGORY = Pattern.compile("^(\\S.*?)\\s*\\.{3,}\\s*\\d+\\s*$");
    private static final Pattern ENDPOINT = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)\\s+(/.*?)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final String QUOTES = "\"“”'‘’";
    private static final Pattern DECLARED = Pattern.compile(
            "^[" + QUOTES + "]+\\s*([a-z0-9:_.-]+)\\s*[" + QUOTES + "]+\\s*[–-]\\s*(.*)$");
    private static final Pattern QUOTED = Pattern.compile("[" + QUOTES + "]+\\s*([a-z0-9:_.-]+)\\s*[" + QUOTES + "]+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,63}");

    private final List<String> lines;
    private final Map<String, Category> categories = new LinkedHashMap<>();
    private final Map<String, Permission> permissions = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> merged = new ArrayList<>();
    private int position;
    private String version;
    private String date;

    private GenerateXiqCatalogue(List<String> lines) {
        this.lines = lines;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: java GenerateXiqCatalogue.java xAPI-Permissions.pdf CATALOGUE.yaml ROWS.tsv");
            System.exit(2);
        }
        Path pdf = Path.of(args[0]);
        Path text = Files.createTempFile("xiq-permissions", ".txt");
        try {
            Process pdftotext = new ProcessBuilder("pdftotext", "-layout", "-enc", "UTF-8", pdf.toString(),
                    text.toString()).inheritIO().start();
            if (pdftotext.waitFor() != 0) {
                throw new IllegalStateException("pdftotext failed on " + pdf);
            }
            List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
            GenerateXiqCatalogue generator = new GenerateXiqCatalogue(lines);
            generator.read();
            Files.writeString(Path.of(args[1]), generator.catalogue(sha256(pdf)), StandardCharsets.UTF_8);
            Files.writeString(Path.of(args[2]), generator.rows(), StandardCharsets.UTF_8);
            System.err.printf("%d categories, %d permissions, %d endpoints (%d rows, %d merged)%n",
                    generator.categories.size(), generator.permissions.size(), generator.endpoints.size(),
                    generator.rows.size(), generator.merged.size());
        } finally {
            Files.deleteIfExists(text);
        }
    }

    private void read() {
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            if (!FOOTER.matcher(line).matches()) {
                body.add(line.replace("\f", "").stripTrailing()); // pdftotext starts a page with a form feed
            }
        }
        lines.clear();
        lines.addAll(body);
        Set<String> categoryNames = tableOfContentsCategories();
        int start = indexOf("Introduction", lines.indexOf("Table of Contents") + 1);
        int end = indexOf("APPENDIX – A", start);
        version = find(Pattern.compile("^Version (\\S+)$"));
        date = find(Pattern.compile("^(\\d{1,2} \\w+ \\d{4})$"));
        String category = null;
        for (position = start + 1; position < end; position++) {
            String line = lines.get(position).strip();
            if (categoryNames.contains(line)) {
                category = line;
                readCategory(category, categoryNames, end);
                continue;
            }
            Matcher endpoint = ENDPOINT.matcher(line);
            if (endpoint.matches()) {
                if (category == null) {
                    throw unplaced("an endpoint before any category");
                }
                readEndpoint(category, endpoint.group(1).toUpperCase(Locale.ROOT), template(endpoint.group(2)), end);
            }
        }
        checkSpellings();
        categories.computeIfAbsent(EXTENSION_CATEGORY, Category::new).permissions.add(EXTENSION_PERMISSION);
        permissions.put(EXTENSION_PERMISSION, new Permission(EXTENSION_PERMISSION, EXTENSION_DESCRIPTION,
                EXTENSION_CATEGORY));
        Endpoint introspect = new Endpoint(EXTENSION_CATEGORY, "POST", "/oauth2/introspect");
        introspect.permissions.add(EXTENSION_PERMISSION);
        introspect.roles.addAll(EXTENSION_ROLES);
        endpoints.put("POST /oauth2/introspect", introspect);
        Endpoint changes = new Endpoint(EXTENSION_CATEGORY, "GET", "/oauth2/introspect/changes");
        changes.permissions.add(EXTENSION_PERMISSION);
        changes.roles.addAll(EXTENSION_ROLES);
        endpoints.put("GET /oauth2/introspect/changes", changes);
        Endpoint stop = new Endpoint(EXTENSION_CATEGORY, "DELETE", "/oauth2/introspect/changes");
        stop.permissions.add(EXTENSION_PERMISSION);
        stop.roles.addAll(EXTENSION_ROLES);
        endpoints.put("DELETE /oauth2/introspect/changes", stop);
    }

    private Set<String> tableOfContentsCategories() {
        Set<String> names = new LinkedHashSet<>();
        int from = lines.indexOf("Table of Contents");
        int to = indexOf("Introduction", from + 1);
        for (int i = from + 1; i < to; i++) {
            Matcher matcher = TOC_CATEGORY.matcher(lines.get(i));
            if (matcher.matches() && !matcher.group(1).startsWith("APPENDIX")
                    && !ENDPOINT.matcher(matcher.group(1).strip()).matches()) {
                names.add(matcher.group(1).strip());
            }
        }
        names.remove("Introduction");
        return names;
    }

    /** A category's heading: its permissions, declared before its first endpoint. */
    private void readCategory(String name, Set<String> categoryNames, int end) {
        Category category = categories.computeIfAbsent(name, Category::new);
        while (position + 1 < end) {
            String next = lines.get(position + 1).strip();
            if (ENDPOINT.matcher(next).matches() || categoryNames.contains(next)) { // NOS has no call of its own
                return;
            }
            position++;
            Matcher declared = DECLARED.matcher(next);
            if (declared.matches()) {
                String permission = declared.group(1);
                declare(permission, declared.group(2), name);
                category.permissions.add(permission);
            }
        }
    }

    private void readEndpoint(String category, String method, String path, int end) {
        List<String> permissionText = new ArrayList<>();
        position++;
        while (position < end && !lines.get(position).strip().equals("Permissions:")) {
            String line = lines.get(position).strip();
            if (line.startsWith("No permissions needed")) { // POST /login: no Permissions: heading, no roles
                rows.add(new Row(category, method, path, List.of(line), List.of()));
                Endpoint endpoint = endpoint(category, method, path);
                endpoint.roles.addAll(ROLES.keySet());
                return;
            }
            position++;
        }
        position++;
        Set<String> named = new LinkedHashSet<>();
        boolean permissionsNotSet = false;
        Permission last = null;
        for (; position < end; position++) {
            String line = lines.get(position).strip();
            // The last call's roles are headed "Delete:" in 25r5, the document's slip for "Roles:".
            if (line.startsWith("Roles") || line.equals("Delete:")) {
                break;
            }
            if (line.isEmpty() || line.startsWith("NOTE:") || line.startsWith("has.")) {
                continue;
            }
            while (line.endsWith("-") && position + 1 < end && !lines.get(position + 1).isBlank()) {
                line = line + lines.get(++position).strip(); // a name or a description broken at its hyphen
            }
            permissionText.add(line);
            Matcher declared = DECLARED.matcher(line);
            if (line.equals("NOT SET!")) {
                permissionsNotSet = true;
            } else if (declared.matches()) {
                last = declare(declared.group(1), declared.group(2), category);
                named.add(declared.group(1));
            } else if (line.startsWith("No Specific permission") || line.startsWith("Also included with")) {
                Matcher quoted = QUOTED.matcher(line);
                while (quoted.find()) {
                    named.add(quoted.group(1));
                }
            } else if (last != null && !QUOTED.matcher(line).find()) {
                last.description = last.description + " " + line; // a description continued on the next line
            } else {
                throw unplaced("a permission line it cannot read: " + line);
            }
        }
        position++;
        List<String> roleText = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        boolean rolesNotSet = false;
        for (; position < end; position++) {
            String line = lines.get(position).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("NOT SET!")) {
                rolesNotSet = true;
                roleText.add(line);
                continue;
            }
            String display = strip(line);
            String role = roleNamed(display);
            if (role == null) {
                break;
            }
            roleText.add(display);
            roles.add(role);
        }
        position--;
        rows.add(new Row(category, method, path, permissionText, roleText));
        Endpoint endpoint = endpoint(category, method, path);
        Category of = categories.get(category);
        if (permissionsNotSet) {
            endpoint.permissionsNotSet = true;
            for (String permission : of.permissions) {
                if (method.equals("GET") || !isReadPermission(permission)) {
                    named.add(permission);
                }
            }
        }
        for (String name : List.copyOf(named)) {
            requireName(name);
        }
        MISSPELLINGS.forEach((wrong, right) -> {
            if (named.contains(wrong) || named.contains(right)) {
                named.add(wrong);
                named.add(right);
            }
        });
        endpoint.permissions.addAll(named);
        if (rolesNotSet) {
            endpoint.rolesNotSet = true;
            endpoint.roles.addAll(NOT_SET_ROLES);
        } else if (roles.isEmpty()) {
            throw unplaced("no roles for " + method + " " + path);
        }
        endpoint.roles.addAll(roles);
        if (EVERY_ROLE.equals(method + " " + path)) {
            endpoint.roles.addAll(ROLES.keySet());
        }
    }

    private static boolean isReadPermission(String permission) {
        return permission.endsWith(":r") || permission.endsWith(":relaxed_read");
    }

    private Endpoint endpoint(String category, String method, String path) {
        String key = method + " " + shape(path);
        Endpoint existing = endpoints.get(key);
        if (existing != null) {
            merged.add(method + " " + path + " (" + category + ") with " + existing.method + " " + existing.path
                    + " (" + existing.category + ")");
            return existing;
        }
        Endpoint endpoint = new Endpoint(category, method, path);
        endpoints.put(key, endpoint);
        return endpoint;
    }

    /** Two templates that differ only in their variables' names are one endpoint. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    /**
     * XIQ writes {@code /devices/ client-monitor/:revoke}, {@code {operation id}} and {@code {{id}}}: no path has
     * a space, and a variable has one pair of braces.
     */
    private static String template(String written) {
        written = PATH_CORRECTIONS.getOrDefault(written, written).replace("{{", "{").replace("}}", "}");
        StringBuilder path = new StringBuilder();
        boolean inVariable = false;
        for (char c : written.toCharArray()) {
            inVariable = c == '{' || (inVariable && c != '}');
            if (c == ' ') {
                if (inVariable) {
                    path.append('_');
                }
                continue;
            }
            path.append(c);
        }
        return path.toString();
    }

    private Permission declare(String name, String description, String category) {
        requireName(name);
        Permission known = permissions.get(name);
        if (known != null) {
            return known;
        }
        Permission permission = new Permission(name, description.strip(), category);
        permissions.put(name, permission);
        return permission;
    }

    private void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw unplaced("a permission name this server cannot hold: " + name);
        }
    }

    private static String strip(String line) {
        String stripped = line;
        while (!stripped.isEmpty() && (QUOTES + ", ").indexOf(stripped.charAt(stripped.length() - 1)) >= 0) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        while (!stripped.isEmpty() && QUOTES.indexOf(stripped.charAt(0)) >= 0) {
            stripped = stripped.substring(1);
        }
        return stripped.strip();
    }

    private static String roleNamed(String display) {
        for (Map.Entry<String, String> role : ROLES.entrySet()) {
            if (role.getValue().equals(display)) {
                return role.getKey();
            }
        }
        return null;
    }

    /** Every pair of names one edit apart must be a reviewed misspelling. */
    private void checkSpellings() {
        List<String> names = new ArrayList<>(permissions.keySet());
        for (String name : MISSPELLINGS.keySet()) {
            if (!permissions.containsKey(name) || !permissions.containsKey(MISSPELLINGS.get(name))) {
                throw new IllegalStateException("the reviewed misspelling " + name + " of " + MISSPELLINGS.get(name)
                        + " is no longer in the document: review MISSPELLINGS");
            }
        }
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (Math.min(a.length(), b.length()) >= 5 && oneEditApart(a, b) && !sameResource(a, b)
                        && !DIFFERENT.contains(a.compareTo(b) < 0 ? a + " " + b : b + " " + a)
                        && !b.equals(MISSPELLINGS.get(a)) && !a.equals(MISSPELLINGS.get(b))) {
                    throw new IllegalStateException("'" + a + "' and '" + b + "' are one letter apart: decide"
                            + " whether one is a misspelling and record it in MISSPELLINGS");
                }
            }
        }
        for (String name : KEPT_AS_WRITTEN) {
            if (!permissions.containsKey(name)) {
                throw new IllegalStateException(name + " is no longer in the document: review KEPT_AS_WRITTEN");
            }
        }
    }

    /** {@code hiq.ctx:r} and {@code hiq.ctx:w}: one resource, two actions, no misspelling. */
    private static boolean sameResource(String a, String b) {
        int colonA = a.lastIndexOf(':');
        int colonB = b.lastIndexOf(':');
        return colonA > 0 && colonA == colonB && a.substring(0, colonA).equals(b.substring(0, colonB));
    }

    /** Damerau's distance of at most one: one letter added, removed, changed, or two neighbours swapped. */
    private static boolean oneEditApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int prefix = 0;
        while (prefix < Math.min(a.length(), b.length()) && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        String restA = a.substring(prefix);
        String restB = b.substring(prefix);
        if (restA.length() == restB.length()) {
            if (restA.length() >= 2 && restA.charAt(0) == restB.charAt(1) && restA.charAt(1) == restB.charAt(0)
                    && restA.substring(2).equals(restB.substring(2))) {
                return true;
            }
            return restA.isEmpty() || restA.substring(1).equals(restB.substring(1));
        }
        return restA.length() > restB.length() ? restA.substring(1).equals(restB) : restB.substring(1).equals(restA);
    }

    private String catalogue(String sha256) {
        StringBuilder out = new StringBuilder();
        int notSetPermissions = 0;
        int notSetRoles = 0;
        for (Endpoint endpoint : endpoints.values()) {
            notSetPermissions += endpoint.permissionsNotSet ? 1 : 0;
            notSetRoles += endpoint.rolesNotSet ? 1 : 0;
        }
        out.append("""
                # The permission catalogue this server ships with: XIQ's own model, generated from XIQ's document
                #   "XIQ API – Permission Requirements and User Roles", version %s (%s),
                #   XIQ API Documentation/xAPI-Permissions.pdf in github.com/extremenetworks/ExtremeCloudIQ-APIs,
                #   SHA-256 %s,
                # by tools/xiq-permissions/GenerateXiqCatalogue.java. Do not edit it: rerun the generator on the next
                # revision of the document. Replace it with --permissions-file FILE (the same form); every instance of a
                # deployment must read the same file. It is read once, at start.
                #
                # %d categories, %d permissions, %d endpoints, %d roles (this server's extension included).
                #
                # roles:       XIQ's eight, as its SDK's XiqUserRole spells them; display_name is how XIQ's documents
                #              write them, accepted on input. What a role grants is not listed: it follows from the
                #              endpoints (a role holds a permission when it may make every call the permission allows).
                # categories:  XIQ's API categories and the permissions each declares for all of its calls (or, for a
                #              ':r' or ':relaxed_read' one, for its GET calls).
                # permissions: every permission the document names, with its description and the category it is
                #              declared in. Names are lower case, 1 to 64 of [a-z0-9:._-].
                # endpoints:   every call the document lists: its method, its path template ({id} matches one
                #              segment), the permissions any one of which allows it to an API token, and the roles
                #              that may make it with a login token.
                #
                # Where the document is silent or contradicts itself:
                # - "NOT SET!" (%d calls' permissions, %d calls' roles): the permissions are the category's own
                #   (its ':r' or ':relaxed_read' one for GET calls only), none where the category declares none; the
                #   roles are ADMINISTRATOR and OPERATOR, which Appendix A gives every call ("All available API calls";
                #   Operator's exceptions name none of these calls).
                # - A call listed twice (the Authorization section repeats the Operation section's calls, as
                #   {operationId} and {operation id}) is one endpoint with every permission and role of both entries:
                """.formatted(version, date, sha256, categories.size(), permissions.size(), endpoints.size(),
                ROLES.size(), notSetPermissions, notSetRoles));
        for (String entry : merged) {
            out.append("#     ").append(entry).append('\n');
        }
        out.append("""
                # - Misspelled names are XIQ's and kept. Where the right spelling stands beside one in the same
                #   category, a call that names either accepts both:
                """);
        MISSPELLINGS.forEach((wrong, right) -> out.append("#     ").append(wrong).append(" beside ").append(right)
                .append('\n'));
        out.append("#   Kept alone, as the only name of their calls: ").append(String.join(", ", new TreeSet<>(
                KEPT_AS_WRITTEN))).append('\n');
        out.append("""
                # - Names written with a space inside their quotes (" deployment", "packet-capture ") are trimmed;
                #   paths written with a space ("/devices/ client-monitor/:revoke") lose it, and a variable written
                #   with one ({operation id}) has '_' for it.
                # - POST /logout: every role, though the document leaves out APPLICATION_OPERATOR: a token its
                #   holder cannot revoke would break XIQ's promise for it ("revokes currently used token").
                # - Misspelled paths: /user-profiles/{id}/,ac-firewall-policies/:detach is mac-firewall-policies;
                #   /ng-reports/download/reports/:id is {id} (Express's notation; every other path writes {id}).
                # - POST /login needs no permission ("No permissions needed"): every role may make it.
                # - This server's own extension, not XIQ's, is the last category: "%s",
                #   the permission token:introspect, POST /oauth2/introspect (RFC 7662) and
                #   GET /oauth2/introspect/changes (what changes its answers, followed under a lease; DELETE gives the lease up), which the
                #   services behind the server call with their own credential, an API token holding that permission.
                # - The endpoint pages decide; the appendices, which disagree with them in places (Appendix A gives
                #   Monitor POST /auth/permissions/:check, its page does not), are not read but for NOT SET roles.
                """.formatted(EXTENSION_CATEGORY));
        out.append("\nroles:\n");
        ROLES.forEach((name, display) -> {
            long calls = endpoints.values().stream().filter(endpoint -> endpoint.roles.contains(name)).count();
            out.append("  - name: ").append(name).append('\n');
            out.append("    display_name: ").append(display).append('\n');
            out.append("    description: ").append(quote("XIQ's " + display + " role: " + calls + " of the "
                    + endpoints.size() + " calls of the document")).append('\n');
        });
        out.append("\ncategories:\n");
        for (Category category : categories.values()) {
            out.append("  - name: ").append(quote(category.name)).append('\n');
            out.append("    permissions: ").append(list(category.permissions)).append('\n');
        }
        out.append("\npermissions:\n");
        for (Permission permission : permissions.values()) {
            out.append("  - {name: ").append(quote(permission.name)).append(", category: ")
                    .append(quote(permission.category)).append(",\n     description: ")
                    .append(quote(permission.description)).append("}\n");
        }
        out.append("\nendpoints:\n");
        for (Endpoint endpoint : endpoints.values()) {
            out.append("  - {method: ").append(endpoint.method).append(", uri: ").append(quote(endpoint.path))
                    .append(", category: ").append(quote(endpoint.category)).append(",\n     permissions: ")
                    .append(list(endpoint.permissions)).append(",\n     roles: ")
                    .append(list(endpoint.roles.stream().sorted((a, b) -> order(a) - order(b)).toList()))
                    .append("}\n");
        }
        return out.toString();
    }

    private static int order(String role) {
        return new ArrayList<>(ROLES.keySet()).indexOf(role);
    }

    private String rows() {
        StringBuilder out = new StringBuilder("# The endpoint rows of XIQ's document \"XIQ API – Permission Requirements"
                + " and User Roles\" " + version + ", as tools/xiq-permissions/GenerateXiqCatalogue.java read them:\n"
                + "# category, method, path (as the catalogue writes it), its Permissions lines and its Roles,"
                + " each list joined by ' | '.\n");
        for (Row row : rows) {
            out.append(row.category).append('\t').append(row.method).append('\t').append(row.path).append('\t')
                    .append(String.join(" | ", row.permissions)).append('\t').append(String.join(" | ", row.roles))
                    .append('\n');
        }
        return out.toString();
    }

    private static String list(Iterable<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(name -> quoted.add(quote(name)));
        return "[" + String.join(", ", quoted) + "]";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private int indexOf(String line, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(line)) {
                return i;
            }
        }
        throw new IllegalStateException("the document has no line '" + line + "'");
    }

    private String find(Pattern pattern) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line.strip());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        throw new IllegalStateException("the document has no line matching " + pattern);
    }

    private IllegalStateException unplaced(String what) {
        return new IllegalStateException("line " + (position + 1) + " of the document's text: " + what);
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static final class Category {
        final String name;
        final Set<String> permissions = new LinkedHashSet<>();

        Category(String name) {
            this.name = name;
        }
    }

    private static final class Permission {
        final String name;
        String description;
        final String category;

        Permission(String name, String description, String category) {
            this.name = name;
            this.description = description;
            this.category = category;
        }
    }

    private static final class Endpoint {
        final String category;
        final String method;
        final String path;
        final Set<String> permissions = new LinkedHashSet<>();
        final Set<String> roles = new LinkedHashSet<>();
        boolean permissionsNotSet;
        boolean rolesNotSet;

        Endpoint(String category, String method, String path) {
            this.category = category;
            this.method = method;
            this.path = path;
        }
    }

    private record Row(String category, String method, String path, List<String> permissions, List<String> roles) {
    }
}
