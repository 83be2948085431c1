package dev.xiqauth.server.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.h2.engine.SysProperties;

/**
 * Keeps the embedded database's automatic mixed mode on loopback. With {@code AUTO_SERVER=TRUE} the
 * process that opens the database file first also serves it over TCP, so that the admin commands can
 * use the file while the server runs. H2 binds that socket to the address named by its system
 * property {@code h2.bindAddress}, which it reads once, when its settings class is first loaded, and
 * to every interface when the property is not set; H2 has no per-database setting for it. So the
 * property is set to {@code 127.0.0.1} before H2 first loads, and opening such a database is refused
 * if H2 was loaded with any other address, rather than serving the password hashes and signing keys
 * on the network.
 */
public final class H2Loopback {
    static final String PROPERTY = "h2.bindAddress";
    static final String LOOPBACK = "127.0.0.1";

    private H2Loopback() {
    }

    /** @return whether H2 serves a database opened with this URL over TCP itself */
    static boolean servesOverTcp(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && jdbcUrl.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=TRUE");
    }

    /**
     * Makes H2 bind the sockets it serves on to loopback. Call it before anything else in the
     * process uses H2: opening a store does.
     *
     * @throws IllegalStateException if H2 was loaded, or configured, with another address
     */
    public static synchronized void require() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, LOOPBACK);
        }
        // Loads H2's settings now, unless something loaded them before this class had set the property.
        String bound = SysProperties.BIND_ADDRESS;
        if (!isLoopback(bound)) {
            throw new IllegalStateException("the embedded database would serve on " + (bound == null ? "every interface"
                    : bound) + " rather than loopback: H2 was loaded with -D" + PROPERTY + "=" + bound
                    + "; leave " + PROPERTY + " unset or set it to " + LOOPBACK);
        }
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
