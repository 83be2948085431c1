package dev.xiqauth.server.tls;

import dev.xiqauth.server.error.IoFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API listener's TLS: TLS 1.3 and 1.2 only, Jetty's and the JDK's cipher suites for them (weak ones
 * excluded), no client certificates, and the credentials of two PEM files, read again when they change:
 * Jetty's {@link SslContextFactory#reload} swaps the context, so a renewed certificate is served from the
 * next handshake without a restart.
 *
 * <p>Jetty's own watch ({@code KeyStoreScanner}) reloads one key store file at its first change; an ACME
 * client writes a certificate file and a key file, one after the other. A change that cannot be used (a
 * half-written file, a key that is not the new certificate's) leaves the credentials served as they are,
 * and is tried again at the next check.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** The protocols offered, newest first; TLS 1.1 and older are refused. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The key store lives in memory only, so its password protects nothing; Jetty needs one to read the key. */
    private static final String IN_MEMORY = "in-memory";

    private final Path certificateFile;
    private final Path keyFile;
    private final Clock clock;
    private final SslContextFactory.Server engines = new SslContextFactory.Server();
    private Fingerprint served;
    private Fingerprint lastRefused;

    /** What tells a file's version from another's: where its link points, its time and its size, of both files. */
    private record Fingerprint(List<Object> parts) {
        static Fingerprint of(Path certificateFile, Path keyFile) throws IOException {
            List<Object> parts = new ArrayList<>();
            for (Path file : List.of(certificateFile, keyFile)) {
                try {
                    parts.add(file.toRealPath().toString());
                    parts.add(Files.getLastModifiedTime(file));
                    parts.add(Files.size(file));
                } catch (IOException e) {
                    throw new IOException("cannot read the TLS " + (file == certificateFile ? "certificate" : "key")
                            + " file " + file + ": " + IoFailures.reason(e), e);
                }
            }
            return new Fingerprint(List.copyOf(parts));
        }
    }

    private ServerTls(Path certificateFile, Path keyFile, Clock clock) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
        engines.setIncludeProtocols(PROTOCOLS.clone());
        engines.setNeedClientAuth(false);
        engines.setWantClientAuth(false);
        engines.setKeyStorePassword(IN_MEMORY);
    }

    /**
     * @param certificateFile the PEM certificate chain, the server's certificate first
     * @param keyFile the PEM private key of that certificate
     * @param clock what tells an expired certificate
     * @return the listener's TLS, its credentials loaded and checked
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the files do not hold a certificate and its key
     */
    public static ServerTls load(Path certificateFile, Path keyFile, Clock clock) throws IOException {
        ServerTls tls = new ServerTls(certificateFile, keyFile, clock);
        Fingerprint now = Fingerprint.of(certificateFile, keyFile);
        tls.engines.setKeyStore(tls.keyStore(PemCredentials.read(certificateFile, keyFile)));
        tls.served = now;
        return tls;
    }

    /** @return how Jetty makes the listener's TLS engines */
    public SslContextFactory.Server engines() {
        return engines;
    }

    /**
     * Reads the files again if they changed since they were last loaded; called from one thread.
     *
     * @return whether new credentials are served from now on
     */
    public boolean reloadIfChanged() {
        Fingerprint now;
        try {
            now = Fingerprint.of(certificateFile, keyFile);
        } catch (IOException e) {
            return false; // a file being replaced: the next check sees the new one
        }
        if (now.equals(served)) {
            return false;
        }
        try {
            PemCredentials credentials = PemCredentials.read(certificateFile, keyFile);
            KeyStore store = keyStore(credentials);
            engines.reload(factory -> factory.setKeyStore(store));
            served = now;
            X509Certificate certificate = credentials.certificate();
            LOG.info("serving the renewed TLS certificate {} (serial {}, valid until {})",
                    certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            return true;
        } catch (Exception e) { // SslContextFactory.reload declares Exception
            if (!now.equals(lastRefused)) { // once per version of the files, not at every check
                lastRefused = now;
                LOG.warn("the changed TLS files cannot be used yet, the previous certificate is served meanwhile: {}",
                        e.getMessage());
            }
            return false;
        }
    }

    private KeyStore keyStore(PemCredentials credentials) {
        X509Certificate certificate = credentials.certificate();
        if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
            LOG.warn("the TLS certificate in {} expired at {}: clients will refuse it; renew it, the server serves the "
                    + "renewed one without a restart", certificateFile, certificate.getNotAfter().toInstant());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", credentials.key(), IN_MEMORY.toCharArray(),
                    credentials.chain().toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the TLS key and certificate cannot be used: " + e.getMessage(), e);
        }
    }
}
