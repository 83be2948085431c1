package dev.xiqauth.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A signing key of the right length must also look random: the weak keys operators write by hand are refused. */
final class SigningKeyTest {
    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] repeated(int length, byte... pattern) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
        return bytes;
    }

    private static byte[] counting(int length, int from, int step) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i * step);
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> weakKeys() {
        return Stream.of(
                Arguments.of("32 zero bytes (AAAA... in base64)", filled(32, 0)),
                Arguments.of("64 zero bytes", filled(64, 0)),
                Arguments.of("32 bytes 0xff", filled(32, 0xff)),
                Arguments.of("a 2-byte pattern repeated", repeated(32, (byte) 0xde, (byte) 0xad)),
                Arguments.of("a 4-byte pattern repeated", repeated(32, (byte) 0xde, (byte) 0xad, (byte) 0xbe,
                        (byte) 0xef)),
                Arguments.of("an 8-byte pattern repeated", repeated(32, ascii("s3cr3t!#"))),
                Arguments.of("a password repeated", ascii("passwordpasswordpasswordpassword")),
                Arguments.of("the bytes 0x00 to 0x1f", counting(32, 0, 1)),
                Arguments.of("the bytes 0x01 to 0x20", counting(32, 1, 1)),
                Arguments.of("an arithmetic progression wrapping around", counting(64, 200, 7)),
                Arguments.of("the alphabet and digits", ascii("abcdefghijklmnopqrstuvwxyz012345")),
                Arguments.of("the hex digits twice", ascii("0123456789abcdef0123456789abcdef")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weakKeys")
    void aKeyOfTheRightLengthThatIsNotRandomIsRefusedSayingHowToMakeOne(String what, byte[] secret) {
        assertThatThrownBy(() -> new SigningKey(secret)).as(what).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is weak").hasMessageContaining("openssl rand -base64 32")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theRefusalSaysWhatWasEstimatedAndWhatIsNeeded() {
        assertThatThrownBy(() -> new SigningKey(filled(32, 0))).hasMessageContaining("estimated 0 bits")
                .hasMessageContaining("at least 128");
        assertThatThrownBy(() -> new SigningKey(counting(32, 0, 1))).hasMessageContaining("differences");
    }

    @Test
    void randomKeysAndTheAsciiOfRandomHexOrBase64KeysAreAccepted() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20_000; i++) {
            byte[] secret = new byte[32 + (i % 3) * 16];
            random.nextBytes(secret);
            new SigningKey(secret);
            new SigningKey(ascii(HexFormat.of().formatHex(Arrays.copyOf(secret, 32))));
            new SigningKey(ascii(Base64.getEncoder().encodeToString(secret)));
        }
    }

    @Test
    void generatedKeysAreStrongAndDistinct() {
        SecureRandom random = new SecureRandom();
        SigningKey first = SigningKey.generate(random);
        SigningKey second = SigningKey.generate(random);

        assertThat(first.secret()).hasSize(SigningKey.MIN_BYTES);
        assertThat(first.keyId()).isNotEqualTo(second.keyId());
    }

    /**
     * The probabilities the comment of {@link SigningKey} gives for uniform random keys, recomputed exactly: the
     * estimate depends only on the multiset of counts, a partition of the length, so summing over partitions
     * covers every key.
     */
    @Test
    void aRandomKeyIsRefusedWithTheNegligibleProbabilityTheCommentGives() {
        assertThat(log2OfRefusal(32, 256, 128)).as("the bytes of 32 random bytes").isBetween(-36.1, -35.9);
        assertThat(log2OfRefusal(31, 256, 64)).as("the differences of 32 random bytes").isBetween(-131.3, -131.1);
        assertThat(log2OfRefusal(64, 16, 128)).as("the ASCII of 64 random hex digits").isBetween(-106.9, -106.7);
    }

    /** @return log2 of the probability that n uniform draws from k values carry an estimate below the bits */
    private static double log2OfRefusal(int n, int k, int bits) {
        BigInteger[] below = {BigInteger.ZERO};
        forEachPartition(n, n, k, new int[n], 0, counts -> {
            if (!SigningKey.isBelow(SigningKey.estimatedBits(counts, n), bits)) {
                return;
            }
            // the sequences whose counts are these: which values get which count, then where each value goes
            BigInteger ways = factorial(k).divide(factorial(k - counts.length)).multiply(factorial(n));
            int[] multiplicity = new int[n + 1];
            for (int count : counts) {
                ways = ways.divide(factorial(count));
                multiplicity[count]++;
            }
            for (int m : multiplicity) {
                ways = ways.divide(factorial(m));
            }
            below[0] = below[0].add(ways);
        });
        return log2(below[0]) - log2(BigInteger.valueOf(k).pow(n));
    }

    private static double log2(BigInteger value) {
        int shift = Math.max(0, value.bitLength() - 60);
        return shift + Math.log(value.shiftRight(shift).doubleValue()) / Math.log(2);
    }

    /** Visits the partitions of n into at most the given number of parts, none larger than largest. */
    private static void forEachPartition(int n, int largest, int parts, int[] prefix, int length,
            Consumer<int[]> visit) {
        if (n == 0) {
            visit.accept(Arrays.copyOf(prefix, length));
            return;
        }
        if (parts == 0) {
            return;
        }
        for (int first = Math.min(n, largest); first >= 1; first--) {
            prefix[length] = first;
            forEachPartition(n - first, first, parts - 1, prefix, length + 1, visit);
        }
    }

    private static BigInteger factorial(int n) {
        BigInteger result = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            result = result.multiply(BigInteger.valueOf(i));
        }
        return result;
    }
}
