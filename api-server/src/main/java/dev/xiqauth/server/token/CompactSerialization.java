package dev.xiqauth.server.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

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

    /** A token's three segments, decoded, and the input of its signature: the bytes its first two segments are. */
    record Segments(byte[] header, byte[] payload, byte[] signature, byte[] signingInput) {
    }

    /**
     * @param token what was presented
     * @return its segments, if it is three canonical base64url segments, none of them empty; each decoded once
     */
    static Optional<Segments> decode(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        byte[] header = canonicallyDecoded(token.substring(0, first));
        byte[] payload = header == null ? null : canonicallyDecoded(token.substring(first + 1, second));
        byte[] signature = payload == null ? null : canonicallyDecoded(token.substring(second + 1));
        if (signature == null) {
            return Optional.empty();
        }
        return Optional.of(new Segments(header, payload, signature,
                token.substring(0, second).getBytes(StandardCharsets.US_ASCII)));
    }

    /** @return the segment's bytes, or null unless it is the canonical, non-empty encoding of them */
    private static byte[] canonicallyDecoded(String segment) {
        if (segment.isEmpty()) {
            return null;
        }
        try {
            // The decoder refuses characters outside the alphabet; encoding again refuses padding and
            // unused bits that are not zero, since the canonical encoding has neither.
            byte[] bytes = DECODER.decode(segment);
            return ENCODER.encodeToString(bytes).equals(segment) ? bytes : null;
        } catch (IllegalArgumentException notBase64Url) {
            return null;
        }
    }
}
