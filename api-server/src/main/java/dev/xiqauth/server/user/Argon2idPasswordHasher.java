package dev.xiqauth.server.user;

import com.sun.jna.Memory;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Argon2id through the reference implementation (libargon2, bundled by argon2-jvm): hashes are PHC strings
 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}) with a 16-byte random salt and a 32-byte tag, and a
 * password is verified by hashing it again with the stored salt and costs and comparing the tags in constant
 * time. The native implementation was chosen over pure-Java ones because it is faster at the same cost
 * (BouncyCastle's {@code Argon2BytesGenerator}, on a warm JIT: 50 ms a hash where libargon2 takes 33), and the
 * cost of a hash bounds login throughput.
 *
 * <p>libargon2 is called through its {@code argon2_context}, so that a hash's memory comes from a
 * {@link HashMemoryPool} rather than from a fresh allocation the kernel faults in and zeroes for every hash.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int TAG_BYTES = 32;
    private static final int ARGON2_VERSION_13 = 0x13;
    private static final int ARGON2_OK = 0;

    private final Argon2Parameters parameters;
    private final HashMemoryPool memory;
    private final SecureRandom random = new SecureRandom();

    /**
     * A hasher that frees each hash's memory when the hash ends: for a few hashes (an admin command, a decoy).
     *
     * @param parameters the costs of new hashes
     */
    public Argon2idPasswordHasher(Argon2Parameters parameters) {
        this(parameters, 0);
    }

    /**
     * @param parameters the costs of new hashes
     * @param blocksKept hashes' memory blocks kept for the next hashes: the number of hashes computed at once
     *     (more would never be used, fewer would have the others allocated afresh)
     */
    public Argon2idPasswordHasher(Argon2Parameters parameters, int blocksKept) {
        this(parameters, new HashMemoryPool(blocksKept));
    }

    Argon2idPasswordHasher(Argon2Parameters parameters, HashMemoryPool memory) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] tag = tag(password, parameters.memoryKib(), parameters.iterations(), parameters.parallelism(), salt,
                TAG_BYTES);
        return new EncodedArgon2idHash(parameters.memoryKib(), parameters.iterations(), parameters.parallelism(),
                salt, tag).encoded();
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return EncodedArgon2idHash.parse(encodedHash).map(stored -> !stored.madeWith(parameters)).orElse(true);
    }

    @Override
    public boolean verify(String encodedHash, String password) {
        return EncodedArgon2idHash.parse(encodedHash)
                .map(stored -> MessageDigest.isEqual(stored.tag(), tag(password, stored.memoryKib(),
                        stored.iterations(), stored.parallelism(), stored.salt(), stored.tag().length)))
                .orElse(false);
    }

    private byte[] tag(String password, int memoryKib, int iterations, int parallelism, byte[] salt, int tagBytes) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        Memory passwordMemory = passwordBytes.length == 0 ? null : new Memory(passwordBytes.length);
        Memory saltMemory = new Memory(salt.length);
        Memory tagMemory = new Memory(tagBytes);
        try {
            if (passwordMemory != null) {
                passwordMemory.write(0, passwordBytes, 0, passwordBytes.length);
            }
            saltMemory.write(0, salt, 0, salt.length);
            Argon2_context.ByReference context = new Argon2_context.ByReference();
            context.out = tagMemory;
            context.outlen = new JnaUint32(tagBytes);
            context.pwd = passwordMemory;
            context.pwdlen = new JnaUint32(passwordBytes.length);
            context.salt = saltMemory;
            context.saltlen = new JnaUint32(salt.length);
            context.t_cost = new JnaUint32(iterations);
            context.m_cost = new JnaUint32(memoryKib);
            context.lanes = new JnaUint32(parallelism);
            context.threads = new JnaUint32(parallelism);
            context.version = new Argon2_version(ARGON2_VERSION_13);
            context.allocate_cbk = memory.allocateEntry();
            context.free_cbk = memory.releaseEntry();
            context.flags = new JnaUint32(0);
            int result = Argon2Library.INSTANCE.argon2id_ctx(context);
            if (result != ARGON2_OK) {
                throw new IllegalStateException("Argon2id failed: " + Argon2Library.INSTANCE.argon2_error_message(result));
            }
            return tagMemory.getByteArray(0, tagBytes);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            if (passwordMemory != null) {
                passwordMemory.clear();
                passwordMemory.close();
            }
            saltMemory.close();
            tagMemory.clear();
            tagMemory.close();
        }
    }
}
