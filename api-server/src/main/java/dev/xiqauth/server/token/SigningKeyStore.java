package dev.xiqauth.server.token;

import java.util.List;
import java.util.Optional;

/**
 * Where the signing keys are kept, so that every instance signs and verifies with the same keys. At
 * most one key is active (it signs); the others verify the tokens they signed until retired.
 * Implementations are thread-safe.
 */
public interface SigningKeyStore {

    /**
     * A key as stored.
     *
     * @param key the key
     * @param active whether it signs new tokens
     * @param createdAt when it was created (epoch seconds)
     * @param retired whether its tokens are refused
     */
    record StoredKey(SigningKey key, boolean active, long createdAt, boolean retired) {
    }

    /** @return every key, newest first */
    List<StoredKey> list();

    /**
     * @return the {@code kid} of the key that signs new tokens now, if any: asked before every token
     *     is signed, so that a rotation by any instance or admin command takes effect at once
     */
    Optional<String> activeKeyId();

    /**
     * Makes the key the active one, unless some key is active already (another instance may have
     * just done the same: the first one wins, and both then use it).
     *
     * @param key the key
     * @return whether this key became active
     */
    boolean activateIfNone(SigningKey key);

    /**
     * Rotates: the new key signs from now on, and the previously active key keeps verifying the
     * tokens it signed until it is retired.
     *
     * @param newKey the key to sign with
     */
    void rotate(SigningKey newKey);

    /**
     * Retires a key that no longer signs: tokens it signed are refused from now on.
     *
     * @param keyId the key's {@code kid}
     * @return whether a key that is not active had that id
     * @throws IllegalStateException if it is the active key: rotate first
     */
    boolean retire(String keyId);
}
