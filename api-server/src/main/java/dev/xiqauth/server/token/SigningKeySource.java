package dev.xiqauth.server.token;

import dev.xiqauth.server.error.IoFailures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a configured signing key: a key file, else a key given in the environment. Without either,
 * the keys live in the store ({@link StoredKeyRing}). Keys are base64 text (standard or URL-safe
 * alphabet), surrounding white space ignored.
 */
public final class SigningKeySource {
    private SigningKeySource() {
    }

    /**
     * @param keyFile a file holding the key, when one is configured
     * @param keyFromEnvironment the key itself, when given in the environment
     * @return the configured key, if any
     * @throws IOException if the key file cannot be read
     * @throws IllegalArgumentException if the key is not base64, shorter than 256 bits or weak (not random: see
     *     {@link SigningKey}), saying where it was given
     */
    public static Optional<SigningKey> configured(Optional<Path> keyFile, Optional<String> keyFromEnvironment)
            throws IOException {
        if (keyFile.isPresent()) {
            String text;
            try {
                text = Files.readString(keyFile.get(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IOException("cannot read the signing key file " + keyFile.get() + ": "
                        + IoFailures.reason(e), e);
            }
            String where = "key file " + keyFile.get();
            return Optional.of(new SigningKey(decode(text, where), "the signing key in the " + where));
        }
        if (keyFromEnvironment.isPresent()) {
            return Optional.of(new SigningKey(decode(keyFromEnvironment.get(), "environment"),
                    "the signing key in the environment"));
        }
        return Optional.empty();
    }

    private static byte[] decode(String text, String where) {
        String trimmed = text.strip();
        try {
            return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key in the " + where + " is not base64 text", e);
        }
    }
}
