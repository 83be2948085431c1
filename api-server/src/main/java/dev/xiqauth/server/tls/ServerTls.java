package dev.xiqauth.server.tls;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * The API listener's TLS: TLS 1.3 and 1.2 only, with the JDK's default cipher suites and named groups for
 * them (the JDK keeps those current and disables the weak ones), no client certificates, and the
 * credentials of a {@link ReloadingKeyManager}, read at each handshake.
 */
public final class ServerTls {
    /** The protocols offered, newest first; TLS 1.1 and older are refused. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    /** @return how Grizzly makes the listener's TLS engines */
    public static SSLEngineConfigurator engines(ReloadingKeyManager keys) {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
        }
        return new SSLEngineConfigurator(context, false, false, false).setEnabledProtocols(PROTOCOLS.clone());
    }
}
