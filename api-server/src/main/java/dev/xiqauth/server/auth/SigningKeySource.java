package dev.xiqauth.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the signing key: a configured key file, else a key given in the environment, else the key
 * generated on first start in the data directory. A generated key is written readable by its owner
 * only and reused on every later start, so tokens stay valid across restarts.
 *
 * <p>Keys are stored as base64 text (standard or URL-safe alphabet), surrounding white space ignored.
 */
public final class SigningKeySource {
    /** The file in the data directory that holds a generated key. */
    public static final String GENERATED_KEY_FILE = "signing-key";

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeySource.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecureRandom random;

    public SigningKeySource(SecureRandom random) {
        this.random = random;
    }

    /**
     * @param keyFile a file holding the key, when one is configured
     * @param keyFromEnvironment the key itself, when given in the environment
     * @param dataDir where a generated key is kept
     * @return the key to sign and verify tokens with
     * @throws IOException if the key file or the data directory cannot be read or written
     */
    public SigningKey load(Optional<Path> keyFile, Optional<String> keyFromEnvironment, Path dataDir)
            throws IOException {
        if (keyFile.isPresent()) {
            return new SigningKey(decode(Files.readString(keyFile.get(), StandardCharsets.US_ASCII), "key file"));
        }
        if (keyFromEnvironment.isPresent()) {
            return new SigningKey(decode(keyFromEnvironment.get(), "key in the environment"));
        }
        return loadOrGenerate(dataDir.resolve(GENERATED_KEY_FILE));
    }

    private SigningKey loadOrGenerate(Path file) throws IOException {
        if (Files.exists(file)) {
            warnIfReadableByOthers(file);
            return new SigningKey(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        }
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[SigningKey.MIN_BYTES];
        random.nextBytes(secret);
        Path temporary = Files.createTempFile(file.getParent(), ".signing-key", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
            try {
                // Atomic and without replacing: two instances starting at once on one directory agree on one key.
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException someoneElseWon) {
                return loadOrGenerate(file);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("generated a new signing key in {}", file);
        return new SigningKey(secret);
    }

    private static byte[] decode(String text, String where) {
        String trimmed = text.strip();
        try {
            return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key in the " + where + " is not base64 text", e);
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("the signing key file {} is readable by others ({}); restrict it to its owner", file,
                        PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException notPosix) {
            // Nothing to check on a file system without POSIX permissions.
        }
    }
}
