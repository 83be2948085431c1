package dev.xiqauth.server.config;

import dev.xiqauth.server.user.Argon2Parameters;
import picocli.CommandLine.Option;

/** The cost of password hashes; shared by the server and the admin commands that set passwords. */
public final class HashingOptions {

    @Option(names = "--argon2-memory-kib", defaultValue = "19456",
            description = "Argon2id memory per hash in KiB, at least 19456 (env XIQ_AUTH_ARGON2_MEMORY_KIB, "
                    + "default ${DEFAULT-VALUE}).")
    private int memoryKib;

    @Option(names = "--argon2-iterations", defaultValue = "2",
            description = "Argon2id iterations, at least 2 (env XIQ_AUTH_ARGON2_ITERATIONS, default ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--argon2-parallelism", defaultValue = "1",
            description = "Argon2id lanes (env XIQ_AUTH_ARGON2_PARALLELISM, default ${DEFAULT-VALUE}).")
    private int parallelism;

    /** @return the validated parameters */
    public Argon2Parameters parameters() {
        return new Argon2Parameters(memoryKib, iterations, parallelism);
    }
}
