package dev.xiqauth.server.user;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of an Argon2id hash. The floor is the OWASP Password Storage Cheat Sheet's minimum
 * (m = 19 MiB, t = 2, p = 1): weaker settings are refused rather than silently used.
 *
 * @param memoryKib memory per hash, in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {
    /** OWASP's recommended minimum for Argon2id. */
    public static final Argon2Parameters OWASP_MINIMUM = new Argon2Parameters(19 * 1024, 2, 1);
    private static final Pattern PARAMETER_STRING =
            Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})");

    public Argon2Parameters {
        if (memoryKib < 19 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be at least 19456 KiB (OWASP), got " + memoryKib);
        }
        if (iterations < 2) {
            throw new IllegalArgumentException("Argon2 iterations must be at least 2 (OWASP), got " + iterations);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("Argon2 parallelism must be between 1 and 64, got " + parallelism);
        }
    }

    /**
     * @param parameterString an encoded hash without its salt and digest, as
     *     {@link UserDirectory#hashParameterCounts()} names them: {@code $argon2id$v=19$m=19456,t=2,p=1}
     * @return the parameters it names, unless it is not Argon2id version 19 or names parameters below the floor
     */
    public static Optional<Argon2Parameters> fromParameterString(String parameterString) {
        Matcher matcher = PARAMETER_STRING.matcher(parameterString);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Argon2Parameters(Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
        } catch (IllegalArgumentException belowTheFloor) {
            return Optional.empty();
        }
    }

    /** @return the parameters as an encoded hash names them: {@code $argon2id$v=19$m=19456,t=2,p=1} */
    public String parameterString() {
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }
}
