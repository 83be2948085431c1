package dev.xiqauth.server.tls;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API listener's TLS: TLS 1.3 and 1.2 only, with the JDK's default cipher suites and named groups for
 * them (the JDK keeps those current and disables the weak ones), no client certificates, and the
 * credentials of a {@link ReloadingKeyManager}, read at each handshake.
 *
 * <p>Jetty's own reload ({@code KeyStoreScanner}) watches one key store file (PKCS#12, JKS); this server
 * takes the PEM certificate and key files an ACME client writes, one after the other, and must not serve a
 * key with another file's certificate between the two writes: {@link ReloadingKeyManager} does that.
 */
public final class ServerTls {
    /** The protocols offered, newest first; TLS 1.1 and older are refused. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    /** @return how Jetty makes the listener's TLS engines */
    public static SslContextFactory.Server engines(ReloadingKeyManager keys) {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
        }
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(context);
        factory.setIncludeProtocols(PROTOCOLS.clone());
        factory.setNeedClientAuth(false);
        factory.setWantClientAuth(false);
        return factory;
    }
}
