package dev.xiqauth.server.token;

import java.util.Optional;

/** One configured key that signs and verifies: the key file or the key given in the environment. */
public final class StaticKeyRing implements KeyRing {
    private final SigningKey key;

    public StaticKeyRing(SigningKey key) {
        this.key = key;
    }

    @Override
    public SigningKey signingKey() {
        return key;
    }

    @Override
    public Optional<SigningKey> verificationKey(String keyId) {
        return key.keyId().equals(keyId) ? Optional.of(key) : Optional.empty();
    }
}
