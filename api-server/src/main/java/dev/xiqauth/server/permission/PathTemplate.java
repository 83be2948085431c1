package dev.xiqauth.server.permission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path template as OpenAPI writes one: literal segments, {@code {name}} segments that match any one
 * non-empty segment, and segments with variables inside them ({@code network-policy-{policyId}},
 * {@code top{n}}: XIQ's), whose variables match one or more characters other than {@code /}. Everything else
 * is literal, the {@code :} of XIQ's {@code /auth/apitoken/:validate} included. A trailing slash is not
 * significant.
 */
public final class PathTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{[^{}/]+}");

    private final String template;
    private final List<String> segments;
    /** For each segment with a variable inside it, its pattern; null for a literal or a whole variable. */
    private final List<Pattern> partial;

    private PathTemplate(String template, List<String> segments) {
        this.template = template;
        this.segments = segments;
        List<Pattern> patterns = new ArrayList<>();
        for (String segment : segments) {
            patterns.add(isVariable(segment) || !segment.contains("{") ? null : patternOf(segment));
        }
        this.partial = Collections.unmodifiableList(patterns);
    }

    /**
     * @param template a path starting with {@code /}
     * @return its template
     * @throws IllegalArgumentException if it does not start with {@code /} or has an empty segment
     */
    public static PathTemplate of(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template '" + template + "' does not start with /");
        }
        List<String> segments = segmentsOf(template);
        if (segments == null) {
            throw new IllegalArgumentException("path template '" + template + "' has an empty segment");
        }
        for (String segment : segments) {
            String outsideVariables = VARIABLE.matcher(segment).replaceAll("");
            if (outsideVariables.contains("{") || outsideVariables.contains("}") || segment.contains("}{")) {
                throw new IllegalArgumentException("path template '" + template
                        + "' has a segment whose braces are not whole {variable}s apart: " + segment);
            }
        }
        return new PathTemplate(template, List.copyOf(segments));
    }

    /**
     * @param path a decoded request path
     * @return whether it matches
     */
    public boolean matches(String path) {
        List<String> candidate = segmentsOf(path);
        if (candidate == null || candidate.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            Pattern pattern = partial.get(i);
            boolean matches = pattern != null ? pattern.matcher(candidate.get(i)).matches()
                    : isVariable(segments.get(i)) || segments.get(i).equals(candidate.get(i));
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** @return how many literal segments it has: of two templates that match a path, the more literal one wins */
    public int literalSegments() {
        return (int) segments.stream().filter(segment -> !isVariable(segment)).count();
    }

    private static Pattern patternOf(String segment) {
        StringBuilder regex = new StringBuilder();
        Matcher variable = VARIABLE.matcher(segment);
        int literalFrom = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(segment.substring(literalFrom, variable.start()))).append("[^/]+");
            literalFrom = variable.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(segment.substring(literalFrom))).toString());
    }

    /** @return it with every variable written {@code {}}: two templates of one shape match the same paths */
    public String shape() {
        return VARIABLE.matcher(template).replaceAll("{}");
    }

    /** @return null if a segment between two slashes is empty */
    private static List<String> segmentsOf(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = new ArrayList<>();
        if (trimmed.equals("/")) {
            return segments;
        }
        for (String segment : trimmed.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return null;
            }
            segments.add(segment);
        }
        return segments;
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")
                && segment.indexOf('{', 1) < 0 && segment.indexOf('}') == segment.length() - 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathTemplate that && template.equals(that.template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
