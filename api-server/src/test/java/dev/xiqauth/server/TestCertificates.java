package dev.xiqauth.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time: a certificate authority of the test's own, and server certificates
 * for {@code localhost} and {@code 127.0.0.1} that it signs, written as the PEM files an ACME client
 * writes (the chain file holds the server's certificate, then the authority's).
 */
final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final KeyPair authorityKeys = generate("EC", 256);
    private final X509Certificate authority;

    TestCertificates() {
        X500Name name = new X500Name("CN=xiq-auth test authority");
        authority = sign(new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(), name,
                authorityKeys.getPublic()), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
                });
    }

    /** A server certificate and its key, in the files given, and the certificate's serial number. */
    record Issued(Path chainFile, Path keyFile, BigInteger serial) {
    }

    /** @return the authority's certificate as a PEM file, for {@code curl --cacert} */
    Path writeAuthority(Path file) {
        return write(file, pem(authority));
    }

    /** @return a client context that trusts this authority alone */
    SSLContext clientTrusting(String... protocols) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("authority", authority);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance(protocols.length == 0 ? "TLS" : protocols[0]);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Issues a server certificate. The files are replaced whole (written aside, then moved), each on its own,
     * as a renewal does.
     *
     * @param keyAlgorithm {@code EC} (written as PKCS #8, {@code BEGIN PRIVATE KEY}) or {@code RSA} (written as
     *     PKCS #1, {@code BEGIN RSA PRIVATE KEY})
     */
    Issued issue(Path chainFile, Path keyFile, String keyAlgorithm) {
        KeyPair server = "RSA".equals(keyAlgorithm) ? generate("RSA", 2048) : generate("EC", 256);
        BigInteger serial = serial();
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=xiq-auth test authority"),
                serial, notBefore(), notAfter(), new X500Name("CN=localhost"), server.getPublic()), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                });
        write(chainFile, pem(certificate) + pem(authority));
        write(keyFile, "RSA".equals(keyAlgorithm) ? pem(server.getPrivate()) : pkcs8(server.getPrivate()));
        return new Issued(chainFile, keyFile, serial);
    }

    /** @return a key of the same kind that belongs to no certificate */
    Path writeUnrelatedKey(Path keyFile) {
        return write(keyFile, pkcs8(generate("EC", 256).getPrivate()));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, Extensions extensions) {
        try {
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(authorityKeys.getPrivate())));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String pkcs8(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Path aside = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(aside, text);
            return Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }
}
