package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * HTTPS on the API's port: the certificate chain and its key as PEM files, checked for changes so that a
 * renewed certificate is served without a restart. The operations port, if any, stays plain HTTP.
 *
 * @param certificateFile the certificate first, then its intermediates (an ACME client's fullchain.pem)
 * @param keyFile the certificate's private key, unencrypted, readable by the server's user only
 * @param reloadCheck how often the files are checked for a change
 */
public record TlsSettings(Path certificateFile, Path keyFile, Duration reloadCheck) {
    /** How often the files are checked unless configured. */
    public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(60);

    public TlsSettings {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        require(!reloadCheck.isNegative() && !reloadCheck.isZero(), "the TLS reload check must be positive, got "
                + reloadCheck);
    }
}
