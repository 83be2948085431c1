package dev.xiqauth.server.logging;

/** Makes text a client chose safe for one log line. */
public final class LogText {
    private static final int MAX_CODE_POINTS = 128;

    private LogText() {
    }

    /**
     * @param text attacker-chosen text, or null
     * @return the text with line breaks, quotes, backslashes, control characters and invisible format
     *     characters (bidi overrides among them) escaped, capped
     *     at 128 code points (then marked with "...")
     */
    public static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_CODE_POINTS).forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || c == '"' || c == '\\' || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > MAX_CODE_POINTS ? out + "..." : out.toString();
    }
}
