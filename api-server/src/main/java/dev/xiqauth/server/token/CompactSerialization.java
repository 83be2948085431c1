package dev.xiqauth.server.token;

import java.util.Base64;

/**
 * The one spelling of a token this server accepts: the JWS compact serialization of RFC 7515
 * section 7.1, three segments of unpadded base64url (section 2) joined by dots, each the canonical
 * encoding of its bytes. JOSE libraries commonly skip characters outside the alphabet, accept
 * padding and ignore the unused bits of the last character; each of those lets many strings stand
 * for one token, and revocation, audit and quotas keyed by what was presented must not depend on
 * which of them was sent.
 */
final class CompactSerialization {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CompactSerialization() {
    }

    /**
     * @param token what was presented
     * @return whether it is three canonical base64url segments, none of them empty
     */
    static boolean isCanonical(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        return isCanonicalSegment(token.substring(0, first)) && isCanonicalSegment(token.substring(first + 1, second))
                && isCanonicalSegment(token.substring(second + 1));
    }

    private static boolean isCanonicalSegment(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        try {
            // The decoder refuses characters outside the alphabet; encoding again refuses padding and
            // unused bits that are not zero, since the canonical encoding has neither.
            return ENCODER.encodeToString(DECODER.decode(segment)).equals(segment);
        } catch (IllegalArgumentException notBase64Url) {
            return false;
        }
    }
}
