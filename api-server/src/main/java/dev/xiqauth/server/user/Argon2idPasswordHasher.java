package dev.xiqauth.server.user;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Argon2id through the reference implementation (libargon2, bundled by argon2-jvm): hashes are
 * PHC strings ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}) with a 16-byte random salt and a
 * 32-byte tag, and verification is libargon2's constant-time {@code argon2_verify}. The native
 * implementation was chosen over a pure-Java one because it is faster at the same cost, and the
 * cost of a hash bounds login throughput.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
    private final Argon2Parameters parameters;

    public Argon2idPasswordHasher(Argon2Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.hash(parameters.iterations(), parameters.memoryKib(), parameters.parallelism(), chars,
                    StandardCharsets.UTF_8);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return argon2.needsRehash(encodedHash, parameters.iterations(), parameters.memoryKib(), parameters.parallelism());
    }

    @Override
    public boolean verify(String encodedHash, String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(encodedHash, chars, StandardCharsets.UTF_8);
        } catch (IllegalStateException malformedHash) {
            // libargon2 reports a hash it cannot decode as an error code; such a hash matches nothing.
            return false;
        } finally {
            argon2.wipeArray(chars);
        }
    }
}
