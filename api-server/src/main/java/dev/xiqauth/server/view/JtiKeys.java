package dev.xiqauth.server.view;

import java.util.HexFormat;
import java.util.UUID;

/** A {@code jti}'s 32 hex digits as the 16 bytes they spell: half the memory of the text, and no copy to look one up. */
final class JtiKeys {
    private JtiKeys() {
    }

    static UUID keyOf(String jti) {
        if (jti.length() != 32) {
            throw new IllegalArgumentException("a jti is 32 hex digits");
        }
        return new UUID(HexFormat.fromHexDigitsToLong(jti, 0, 16), HexFormat.fromHexDigitsToLong(jti, 16, 32));
    }
}
