package dev.xiqauth.server.user;

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
}
