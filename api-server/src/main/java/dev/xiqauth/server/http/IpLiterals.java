package dev.xiqauth.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * IP address literals, read without ever asking DNS: text that merely looks like a name is refused
 * before {@link InetAddress} sees it, since a lookup would let a client make the server resolve any name.
 */
final class IpLiterals {
    private static final String IPV4_TEXT = "[0-9]{1,3}(\\.[0-9]{1,3}){3}";
    private static final Pattern IPV4 = Pattern.compile(IPV4_TEXT);
    // Hex groups and colons, optionally ending in a dotted IPv4 (::ffff:192.0.2.1), optionally with a zone.
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*(" + IPV4_TEXT + ")?(%\\w+)?");
    /** The longest IPv6 literal with an embedded IPv4 address (45 characters), and room for a zone. */
    private static final int MAX_LITERAL_LENGTH = 64;

    private IpLiterals() {
    }

    /** @return whether the text has the shape of an IPv4 or IPv6 literal (which {@link #bytes} may still refuse) */
    static boolean isLiteral(String text) {
        Objects.requireNonNull(text);
        if (text.length() > MAX_LITERAL_LENGTH) {
            // The client chooses forwarded addresses: a long one must not cost the IPv6 pattern's backtracking.
            return false;
        }
        return IPV4.matcher(text).matches()
                && Arrays.stream(text.split("\\.")).allMatch(part -> Integer.parseInt(part) < 256)
                || IPV6.matcher(text).matches();
    }

    /**
     * @param text an address literal
     * @return its bytes: 4 for IPv4 and for an IPv4-mapped IPv6 address, which Java reads as the IPv4
     *     address it carries; 16 for IPv6
     * @throws IllegalArgumentException if it is no literal
     */
    static byte[] bytes(String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }
}
