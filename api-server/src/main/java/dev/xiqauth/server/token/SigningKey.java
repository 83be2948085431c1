package dev.xiqauth.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An HMAC key for HS256 access tokens, with the {@code kid} that names it in token headers.
 *
 * <p>RFC 7518 section 3.2 and RFC 8725 section 3.5: an HS256 key must have at least 256 bits, so a
 * shorter one is refused. The {@code kid} is derived from the key itself, so every instance that is
 * given the same key names it the same way; it reveals nothing useful about a 256-bit random key.
 */
public final class SigningKey {
    /** The least key size HS256 allows. */
    public static final int MIN_BYTES = 32;

    private final byte[] secret;
    private final String keyId;
    private final MACSigner signer;
    private final MACVerifier verifier;

    public SigningKey(byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "the signing key must have at least " + MIN_BYTES * 8 + " bits, got " + secret.length * 8);
        }
        this.secret = secret.clone();
        this.keyId = deriveKeyId(this.secret);
        try {
            this.signer = new MACSigner(this.secret);
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key cannot be used for HS256", e);
        }
    }

    /** @return a copy of the secret */
    public byte[] secret() {
        return secret.clone();
    }

    public String keyId() {
        return keyId;
    }

    /** @return the signer of this key, which is thread-safe */
    MACSigner signer() {
        return signer;
    }

    /** @return the verifier of this key; it refuses any {@code crit} header it does not know */
    MACVerifier verifier() {
        return verifier;
    }

    private static String deriveKeyId(byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("xiq-auth kid".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(secret), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId + "]";
    }
}
