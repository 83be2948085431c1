package dev.xiqauth.server.tls;

import dev.xiqauth.server.error.IoFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key, from the PEM files that certificate tools and ACME clients
 * write: the certificate file holds the server's certificate first, then the intermediates; the key
 * file holds one unencrypted key, PKCS #8 ({@code BEGIN PRIVATE KEY}), PKCS #1 ({@code BEGIN RSA
 * PRIVATE KEY}) or SEC 1 ({@code BEGIN EC PRIVATE KEY}), RSA, EC or EdDSA. The key must be the
 * certificate's: a mismatch is found here, not by the first client.
 *
 * @param key the private key
 * @param chain the certificate and its intermediates, the certificate first
 */
public record PemCredentials(PrivateKey key, List<X509Certificate> chain) {
    public PemCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS certificate chain needs at least the certificate");
        }
    }

    /** @return the server's own certificate, the chain's first */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * @param certificateFile the PEM certificate chain
     * @param keyFile the PEM private key
     * @return the credentials, the key checked against the certificate
     * @throws IOException if a file cannot be read; the message says which and why
     * @throws IllegalArgumentException if a file does not hold what it should, or the key is another's
     */
    public static PemCredentials read(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        requireMatching(key, chain.get(0).getPublicKey(), certificateFile, keyFile);
        return new PemCredentials(key, chain);
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the TLS certificate file " + file + " holds no certificate");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the TLS certificate file " + file + " holds no PEM certificate chain ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException("cannot read the TLS certificate file " + file + ": " + IoFailures.reason(e), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read the TLS key file " + file + ": " + IoFailures.reason(e), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser pem = new PEMParser(reader)) {
            for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
                if (object instanceof PEMKeyPair pair) { // PKCS #1 or SEC 1, whose public key is optional
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("the TLS key file " + file + " is encrypted: give the server "
                            + "the key unencrypted, in a file only its user can read (openssl pkey -in <encrypted> "
                            + "-out <key>)");
                }
                // Anything else (EC PARAMETERS before an EC key, a certificate) is not the key: read on.
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the TLS key file " + file + " is not PEM: " + IoFailures.reason(e), e);
        }
        throw new IllegalArgumentException("the TLS key file " + file + " holds no private key (PEM: BEGIN PRIVATE "
                + "KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    /** Signs with the key and verifies with the certificate's public key: works for every key type alike. */
    private static void requireMatching(PrivateKey key, PublicKey certified, Path certificateFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new IllegalArgumentException("the TLS key in " + keyFile + " is a " + key.getAlgorithm()
                    + " key; RSA, EC and EdDSA keys are supported");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matching;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            matching = verifier.verify(signature);
        } catch (GeneralSecurityException differentKinds) { // an RSA key beside an EC certificate, say
            matching = false;
        }
        if (!matching) {
            throw new IllegalArgumentException("the TLS key in " + keyFile + " is not the key of the certificate in "
                    + certificateFile + " (its first certificate must be the server's own)");
        }
    }
}
