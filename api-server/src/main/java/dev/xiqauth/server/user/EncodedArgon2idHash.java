package dev.xiqauth.server.user;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format libargon2 writes and reads:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}, salt and tag in unpadded standard Base64. Reading is
 * as strict as libargon2's own decoder in what matters here: version 19 only, a salt of at least 8 bytes, a
 * tag of 4 to 64 bytes, and costs libargon2 accepts (with memory bounded, so that a damaged or planted hash
 * cannot ask for more than {@value #MAX_MEMORY_KIB} KiB).
 *
 * @param memoryKib memory, in KiB
 * @param iterations passes
 * @param parallelism lanes
 * @param salt the salt
 * @param tag the hash's output
 */
record EncodedArgon2idHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] tag) {
    private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_TAG_BYTES = 4;
    private static final int MAX_TAG_BYTES = 64;
    private static final int MAX_LANES = 64;
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    /**
     * @param encoded a stored hash
     * @return the hash, unless it is not an Argon2id version 19 hash libargon2 would accept
     */
    static Optional<EncodedArgon2idHash> parse(String encoded) {
        Matcher matcher = FORMAT.matcher(encoded);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int memoryKib = Integer.parseInt(matcher.group(1));
        int iterations = Integer.parseInt(matcher.group(2));
        int parallelism = Integer.parseInt(matcher.group(3));
        if (parallelism < 1 || parallelism > MAX_LANES || iterations < 1 || memoryKib < 8 * parallelism
                || memoryKib > MAX_MEMORY_KIB) {
            return Optional.empty();
        }
        try {
            byte[] salt = Base64.getDecoder().decode(matcher.group(4));
            byte[] tag = Base64.getDecoder().decode(matcher.group(5));
            if (salt.length < MIN_SALT_BYTES || tag.length < MIN_TAG_BYTES || tag.length > MAX_TAG_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new EncodedArgon2idHash(memoryKib, iterations, parallelism, salt, tag));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** @return whether the hash was made with exactly these costs */
    boolean madeWith(Argon2Parameters parameters) {
        return memoryKib == parameters.memoryKib() && iterations == parameters.iterations()
                && parallelism == parameters.parallelism();
    }

    /** @return the PHC string, as libargon2's {@code encode_string} writes it */
    String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + base64.encodeToString(salt) + "$" + base64.encodeToString(tag);
    }
}
