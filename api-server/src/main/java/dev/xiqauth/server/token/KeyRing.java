package dev.xiqauth.server.token;

import java.util.Optional;

/**
 * The signing keys: the one that signs new tokens, and every key whose tokens are still accepted.
 * A retired key is no longer found once the ring has reloaded; its tokens are refused before that, at
 * once, by the revocation check ({@link RevocationStore#isRevoked}).
 */
public interface KeyRing {

    /** @return the key new tokens are signed with */
    SigningKey signingKey();

    /**
     * @param keyId the {@code kid} of a presented token
     * @return the key with that id, unless it is unknown or retired
     */
    Optional<SigningKey> verificationKey(String keyId);
}
