package dev.xiqauth.server.tls;

import dev.xiqauth.server.error.IoFailures;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS key and certificate chain, read from their PEM files and read again when the files
 * change, so that a renewed certificate is served from the next handshake without a restart. A
 * change that cannot be used (a half-written file, a key that is not the new certificate's, as between
 * an ACME client's two writes) leaves the credentials in use as they are, and is tried again at the
 * next check.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
    private static final char[] IN_MEMORY = new char[0];

    private final Path certificateFile;
    private final Path keyFile;
    private final Clock clock;
    private volatile Loaded current;
    /** The one before: a handshake that chose its alias just before a reload still gets a key and chain that match. */
    private volatile Loaded previous;
    private volatile Fingerprint lastRefused;

    /**
     * What was loaded, from which versions of the files; its generation prefixes the aliases it chose, so that
     * the chain and the key a handshake asks for next come from the same files.
     */
    private record Loaded(int generation, X509ExtendedKeyManager delegate, Fingerprint from,
            PemCredentials credentials) {
        String alias(String delegateAlias) {
            return delegateAlias == null ? null : generation + ":" + delegateAlias;
        }
    }

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

    private ReloadingKeyManager(Path certificateFile, Path keyFile, Clock clock, Loaded loaded) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
        this.current = loaded;
    }

    /**
     * @param certificateFile the PEM certificate chain, the server's certificate first
     * @param keyFile the PEM private key of that certificate
     * @param clock what tells an expired certificate
     * @return the key manager, its credentials loaded and checked
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the files do not hold a certificate and its key
     */
    public static ReloadingKeyManager load(Path certificateFile, Path keyFile, Clock clock) throws IOException {
        Loaded loaded = loaded(certificateFile, keyFile, 0);
        ReloadingKeyManager keys = new ReloadingKeyManager(certificateFile, keyFile, clock, loaded);
        keys.warnIfExpired(loaded.credentials());
        return keys;
    }

    /** @return the credentials served now */
    public PemCredentials credentials() {
        return current.credentials();
    }

    /**
     * Reads the files again if they changed since they were last loaded.
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
        if (now.equals(current.from())) {
            return false;
        }
        try {
            Loaded loaded = loaded(certificateFile, keyFile, current.generation() + 1);
            previous = current;
            current = loaded;
            X509Certificate certificate = loaded.credentials().certificate();
            LOG.info("serving the renewed TLS certificate {} (serial {}, valid until {})",
                    certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            warnIfExpired(loaded.credentials());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            if (!now.equals(lastRefused)) { // once per version of the files, not at every check
                lastRefused = now;
                LOG.warn("the changed TLS files cannot be used yet, the previous certificate is served meanwhile: {}",
                        e.getMessage());
            }
            return false;
        }
    }

    private static Loaded loaded(Path certificateFile, Path keyFile, int generation) throws IOException {
        Fingerprint before = Fingerprint.of(certificateFile, keyFile);
        PemCredentials credentials = PemCredentials.read(certificateFile, keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", credentials.key(), IN_MEMORY,
                    credentials.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, IN_MEMORY);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return new Loaded(generation, extended, before, credentials);
                }
            }
            throw new IllegalStateException("the JDK's PKIX key manager factory made no X509ExtendedKeyManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key and certificate cannot be used: " + e.getMessage(), e);
        }
    }

    private void warnIfExpired(PemCredentials credentials) {
        X509Certificate certificate = credentials.certificate();
        if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
            LOG.warn("the TLS certificate in {} expired at {}: clients will refuse it; renew it, the server serves the "
                    + "renewed one without a restart", certificateFile, certificate.getNotAfter().toInstant());
        }
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Loaded loaded = current;
        return loaded.alias(loaded.delegate().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Loaded loaded = current;
        return loaded.alias(loaded.delegate().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Loaded loaded = generationOf(alias);
        return loaded == null ? null : loaded.delegate().getCertificateChain(delegateAlias(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Loaded loaded = generationOf(alias);
        return loaded == null ? null : loaded.delegate().getPrivateKey(delegateAlias(alias));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Loaded loaded = current;
        String[] aliases = loaded.delegate().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] ours = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            ours[i] = loaded.alias(aliases[i]);
        }
        return ours;
    }

    private Loaded generationOf(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String generation = alias.substring(0, colon);
        for (Loaded loaded : new Loaded[] {current, previous}) {
            if (loaded != null && generation.equals(Integer.toString(loaded.generation()))) {
                return loaded;
            }
        }
        return null;
    }

    private static String delegateAlias(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }

    /** The server presents certificates; it never acts as a TLS client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String toString() {
        return "TLS credentials from " + Objects.toString(certificateFile) + " and " + keyFile;
    }
}
