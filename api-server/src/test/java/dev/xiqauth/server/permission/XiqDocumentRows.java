package dev.xiqauth.server.permission;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint rows of XIQ's document "XIQ API – Permission Requirements and User Roles" as its generator read
 * them ({@code xiq-document-rows.tsv}), and what each means by the rules the catalogue's header states, worked
 * out here apart from the generator: the catalogue is checked against the document's own words, not against the
 * code that wrote it.
 */
public final class XiqDocumentRows {
    /** The rows' resource. */
    public static final String RESOURCE = "/dev/xiqauth/server/permission/xiq-document-rows.tsv";

    private static final Map<String, String> ROLES = Map.of("Administrator", "ADMINISTRATOR", "Operator", "OPERATOR",
            "Monitor", "MONITOR", "Help Desk", "HELP_DESK", "Guest Management", "GUEST_MANAGEMENT",
            "Observer", "OBSERVER", "Installer", "INSTALLER", "Application Operator", "APPLICATION_OPERATOR");
    private static final Pattern QUOTED = Pattern.compile("[\"“”'‘’]+\\s*([a-z0-9:_.-]+)\\s*[\"“”'‘’]+");

    /**
     * One endpoint of the document, its rows merged.
     *
     * @param method its method
     * @param path its path template
     * @param category its category
     * @param permissions what the document says allows it to an API token
     * @param roles the roles the document lets make it
     */
    public record Endpoint(String method, String path, String category, Set<String> permissions, Set<String> roles) {
    }

    private XiqDocumentRows() {
    }

    /**
     * @param categories the catalogue's categories and their permissions, for the rows that read "NOT SET!"
     * @return every endpoint the rows list, keyed by method and path shape, in the document's order
     */
    public static Map<String, Endpoint> endpoints(Map<String, Set<String>> categories) {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (String[] row : rows()) {
            String category = row[0];
            String method = row[1];
            String path = row[2];
            Set<String> permissions = new LinkedHashSet<>();
            String permissionText = row.length > 3 ? row[3] : "";
            if (permissionText.contains("NOT SET!")) {
                for (String permission : categories.getOrDefault(category, Set.of())) {
                    if (method.equals("GET") || !(permission.endsWith(":r") || permission.endsWith(":relaxed_read"))) {
                        permissions.add(permission);
                    }
                }
            }
            Matcher quoted = QUOTED.matcher(permissionText);
            while (quoted.find()) {
                permissions.add(quoted.group(1));
            }
            if (permissions.contains("lro:r") || permissions.contains("lor:r")) {
                permissions.addAll(List.of("lro:r", "lor:r")); // the document's two spellings of one permission
            }
            Set<String> roles = new LinkedHashSet<>();
            String roleText = row.length > 4 ? row[4] : "";
            if (permissionText.startsWith("No permissions needed") || (method + " " + path).equals("POST /logout")) {
                roles.addAll(ROLES.values());
            } else if (roleText.contains("NOT SET!")) {
                roles.addAll(List.of("ADMINISTRATOR", "OPERATOR"));
            }
            for (String display : roleText.split(" \\| ")) {
                if (ROLES.containsKey(display)) {
                    roles.add(ROLES.get(display));
                }
            }
            String key = method + " " + path.replaceAll("\\{[^}]*}", "{}");
            Endpoint known = endpoints.get(key);
            if (known != null) {
                permissions.addAll(known.permissions());
                roles.addAll(known.roles());
            }
            endpoints.put(key, new Endpoint(method, known == null ? path : known.path(),
                    known == null ? category : known.category(), Set.copyOf(permissions), Set.copyOf(roles)));
        }
        return endpoints;
    }

    /** @return the rows: category, method, path, permission lines, roles */
    public static List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = XiqDocumentRows.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
