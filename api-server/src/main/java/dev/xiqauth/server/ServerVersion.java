package dev.xiqauth.server;

import dev.xiqauth.server.contract.ContractDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the server's version, as the build stamped it, and the version of the
 * contract it implements, read from the contract packaged in it.
 */
final class ServerVersion implements IVersionProvider {
    private static final String RESOURCE = "/dev/xiqauth/server/version.properties";

    /** @return the server's version, as the build stamped it */
    static String server() {
        try (InputStream in = ServerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the build is broken");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"xiq-auth-server " + server() + " (XIQ Authentication API contract "
                + ContractDocument.packaged().version() + ")"};
    }
}
