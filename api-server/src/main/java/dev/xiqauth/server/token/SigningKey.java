package dev.xiqauth.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC key for HS256 access tokens, with the {@code kid} that names it in token headers.
 *
 * <p>RFC 7518 section 3.2 and RFC 8725 section 3.5: an HS256 key must have at least 256 bits, so a
 * shorter one is refused. The {@code kid} is derived from the key itself, so every instance that is
 * given the same key names it the same way; it reveals nothing useful about a 256-bit random key.
 *
 * <p>A key of that length must also look random, or anyone can guess it and forge tokens: the keys written by
 * hand (32 zero bytes, {@code AAAA...} in base64; a word or a few bytes repeated; a counting sequence) are
 * refused wherever a key is built, from a key file, the environment, the store or {@code keys rotate}. The test
 * is an estimate of entropy: a byte string's length n times the empirical Shannon entropy of its values,
 * {@code n log2 n - sum c log2 c} over the count c of each value that occurs. The bytes must carry at least
 * {@value #MIN_ESTIMATED_BITS} estimated bits: p different bytes repeated carry {@code n log2 p}, so a 32-byte key that
 * repeats a pattern of fewer than 16 bytes is refused. The differences of successive bytes (mod 256) must carry at
 * least {@value #MIN_ESTIMATED_DIFFERENCE_BITS}: that refuses progressions such as 0x00 0x01 ... 0x1f or
 * {@code abcdef...}, whose bytes are all different. Neither estimate proves a key random (no test can); they
 * refuse the keys that plainly are not.
 *
 * <p>Why a random key passes. The estimate depends only on the multiset of counts, a partition of n, so the
 * probability that n uniform draws from k values fall below a bound is a finite sum over partitions, computed
 * exactly ({@code SigningKeyTest} recomputes the first three):
 * <ul>
 * <li>32 random bytes (what {@code openssl rand -base64 32}, {@link #generate} and the store make): their bytes fall
 *     below 128 bits with probability 1.5e-11 (2^-36.0); 48 bytes 2^-176, 64 bytes 2^-309. Their 31 differences are
 *     themselves independent and uniform (the first byte and the differences give the bytes, one to one), and
 *     fall below 64 bits with probability 2^-131.2.
 * <li>the ASCII of 64 random hex digits (16 values, 64 draws): below 128 bits with probability 2^-106.8. Its 63
 *     differences are not independent, but those of disjoint pairs (1-2, 3-4, ...: 32 of them) are, and so are the
 *     others (2-3, 4-5, ...: 31), each the difference of two random digits; entropy is concave, so the estimate of
 *     all 63 is at least the sum of the two groups' estimates, and it falls below 64 only if the first group's
 *     falls below 32.5 or the second's below 31.5: probabilities 2^-90.2 and 2^-86.7, computed the same way
 *     (with the distribution of a difference of two digits), so less than 2^-86 in all.
 * </ul>
 * So a server-generated key is refused about once in 7e10 ({@link #generate} then draws another), and a key made
 * as the message says essentially never.
 */
public final class SigningKey {
    /** The least key size HS256 allows. */
    public static final int MIN_BYTES = 32;

    /** The least estimated entropy of a key's bytes. */
    static final int MIN_ESTIMATED_BITS = 128;

    /** The least estimated entropy of the differences of its successive bytes. */
    static final int MIN_ESTIMATED_DIFFERENCE_BITS = 64;

    private static final String HOW_TO_MAKE_ONE = "use random bytes, as from: openssl rand -base64 32";

    private final byte[] secret;
    private final String keyId;
    private final MACSigner signer;
    /** Initialised once with the key: each check uses a copy, without computing the key's pads again. */
    private final Mac verification;

    /**
     * @param secret the key's bytes
     * @throws IllegalArgumentException if it is shorter than 256 bits, or weak (see the class comment); the message
     *     names the key by its {@code kid}
     */
    public SigningKey(byte[] secret) {
        this(secret, null);
    }

    /**
     * @param subject how the message of a refusal names the key, such as "the signing key in the environment";
     *     null for "the signing key" and its kid
     */
    SigningKey(byte[] secret, String subject) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException((subject == null ? "the signing key" : subject)
                    + " must have at least " + MIN_BYTES * 8 + " bits, got " + secret.length * 8);
        }
        this.secret = secret.clone();
        this.keyId = deriveKeyId(this.secret);
        String weakness = weakness(this.secret);
        if (weakness != null) {
            throw new IllegalArgumentException((subject == null ? "the signing key " + keyId : subject)
                    + " is weak: " + weakness + "; " + HOW_TO_MAKE_ONE);
        }
        try {
            this.signer = new MACSigner(this.secret);
            this.verification = Mac.getInstance("HmacSHA256");
            this.verification.init(new SecretKeySpec(this.secret, "HmacSHA256"));
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the key cannot be used for HS256", e);
        }
    }

    /**
     * @param random where the bytes come from
     * @return a new key of {@value #MIN_BYTES} random bytes (drawn again in the rare case they look weak)
     */
    public static SigningKey generate(SecureRandom random) {
        byte[] secret = new byte[MIN_BYTES];
        do {
            random.nextBytes(secret);
        } while (weakness(secret) != null);
        return new SigningKey(secret);
    }

    /** @return why these bytes are no key, or null if they may be one */
    private static String weakness(byte[] secret) {
        double bits = estimatedBits(secret, false);
        if (isBelow(bits, MIN_ESTIMATED_BITS)) {
            return "its bytes carry an estimated " + (int) bits + " bits of entropy, at least " + MIN_ESTIMATED_BITS
                    + " are needed";
        }
        double differenceBits = estimatedBits(secret, true);
        if (isBelow(differenceBits, MIN_ESTIMATED_DIFFERENCE_BITS)) {
            return "the differences of its successive bytes carry an estimated " + (int) differenceBits
                    + " bits of entropy, at least " + MIN_ESTIMATED_DIFFERENCE_BITS + " are needed (it counts up or down)";
        }
        return null;
    }

    /** @return whether an estimate is below a bound, rounding errors aside (a period of 16 in 32 bytes is 128) */
    static boolean isBelow(double bits, int bound) {
        return bits < bound - 1e-9;
    }

    /** @return the estimated entropy of the bytes, or of the differences of successive bytes */
    private static double estimatedBits(byte[] bytes, boolean differences) {
        int[] counts = new int[256];
        int n = differences ? bytes.length - 1 : bytes.length;
        for (int i = 0; i < n; i++) {
            counts[(differences ? bytes[i + 1] - bytes[i] : bytes[i]) & 0xff]++;
        }
        return estimatedBits(counts, n);
    }

    /**
     * @param counts how often each value occurs (zeros allowed)
     * @param n their sum
     * @return n times the empirical Shannon entropy, in bits
     */
    static double estimatedBits(int[] counts, int n) {
        if (n < 2) {
            return 0;
        }
        double bits = n * log2(n);
        for (int count : counts) {
            if (count > 1) {
                bits -= count * log2(count);
            }
        }
        return bits;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
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

    /**
     * @param signingInput the ASCII bytes of a token's first two segments and the dot between them
     * @param signature its third segment, decoded
     * @return whether the signature is this key's HS256 signature of the input, compared in constant time
     */
    boolean verifies(byte[] signingInput, byte[] signature) {
        Mac mac;
        try {
            mac = (Mac) verification.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be copied", e);
        }
        return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
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
