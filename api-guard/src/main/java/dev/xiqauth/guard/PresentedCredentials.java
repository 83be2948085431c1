package dev.xiqauth.guard;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a request's {@code Authorization} headers present, read as RFC 6750 section 2.1 defines it:
 * {@code Bearer} (in any case), one or more spaces, and a {@code b64token}. Its {@link #toString()} never shows
 * the token.
 */
final class PresentedCredentials {
    /** What the headers hold. */
    enum Kind {
        /** No Authorization header, an empty one, or another scheme than Bearer: nothing to check. */
        NONE,
        /** Two Authorization headers, or two credentials folded into one: a malformed request. */
        AMBIGUOUS,
        /** The Bearer scheme with a token that cannot be one: no token, or characters outside b64token. */
        MALFORMED_TOKEN,
        /** A Bearer token to check. */
        TOKEN
    }

    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final String SCHEME = "bearer";

    private final Kind kind;
    private final String token;

    private PresentedCredentials(Kind kind, String token) {
        this.kind = kind;
        this.token = token;
    }

    /**
     * @param authorization the values of the request's {@code Authorization} headers, one for each header; null
     *     when there is none
     * @return what they present
     */
    static PresentedCredentials of(List<String> authorization) {
        if (authorization == null || authorization.isEmpty() || authorization.get(0).isBlank()) {
            return new PresentedCredentials(Kind.NONE, null);
        }
        if (authorization.size() > 1) {
            return new PresentedCredentials(Kind.AMBIGUOUS, null);
        }
        String credentials = authorization.get(0).strip();
        if (credentials.indexOf(',') >= 0) {
            // A b64token never holds a comma: this is two credentials folded into one header (RFC 9110 §5.3).
            return new PresentedCredentials(Kind.AMBIGUOUS, null);
        }
        int space = credentials.indexOf(' ');
        String scheme = space < 0 ? credentials : credentials.substring(0, space);
        if (!SCHEME.equals(scheme.toLowerCase(Locale.ROOT))) {
            return new PresentedCredentials(Kind.NONE, null);
        }
        String token = space < 0 ? "" : credentials.substring(space + 1).strip();
        if (!B64TOKEN.matcher(token).matches()) {
            return new PresentedCredentials(Kind.MALFORMED_TOKEN, null);
        }
        return new PresentedCredentials(Kind.TOKEN, token);
    }

    Kind kind() {
        return kind;
    }

    /** @return the token; only when {@link #kind()} is {@link Kind#TOKEN} */
    String token() {
        if (kind != Kind.TOKEN) {
            throw new IllegalStateException("no token was presented: " + kind);
        }
        return token;
    }

    @Override
    public String toString() {
        return "PresentedCredentials[" + kind + "]";
    }
}
