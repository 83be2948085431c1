package dev.xiqauth.server.logging;

/** Makes text a client chose safe for one log line. */
public final class LogText {
    private static final int MAX_CODE_POINTS = 128;

    private LogText() {
    }

    /**
     * @param text attacker-chosen text, or null
     * @return the text with line breaks, quotes, backslashes, control characters and invisible format
     *     characters (bidi overrides among them) escaped, capped at 128 code points (then marked with
     *     "...")
     */
    public static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        String capped = text.codePoints().limit(MAX_CODE_POINTS)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return escape(capped) + (capped.length() < text.length() ? "..." : "");
    }

    /**
     * @param text text that may hold a client's input
     * @return the whole text, with what could forge or hide log lines escaped as by {@link #sanitise}
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || c == '"' || c == '\\' || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
