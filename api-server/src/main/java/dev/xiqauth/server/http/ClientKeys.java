package dev.xiqauth.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key a client is counted by wherever its address is the key of a limit (the throttling of
 * failed logins): an IPv4 address alone, but an IPv6 address by the network of its first
 * {@code ipv6PrefixLength} bits, /64 by default. One IPv6 subscriber is routinely given a whole /64
 * (RFC 6177, RFC 7934 §6) and may send each request from another of its 2^64 addresses, so counting
 * full IPv6 addresses would never limit anyone; rate limiters count the prefix for that reason. An
 * IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 address it carries. Text that is
 * not an address ({@code unknown}, {@code invalid-forwarded-address}) is its own key. The audit log
 * keeps the full address; only limits use the key.
 */
public final class ClientKeys {
    /** The prefix IPv6 clients are counted by unless configured: the usual size of one subscriber's network. */
    public static final int DEFAULT_IPV6_PREFIX_LENGTH = 64;
    /** The shortest prefix allowed: shorter would put whole providers' customers in one bucket. */
    public static final int MIN_IPV6_PREFIX_LENGTH = 32;
    /** The longest prefix: a full address. */
    public static final int MAX_IPV6_PREFIX_LENGTH = 128;

    private final int ipv6PrefixLength;

    /**
     * @param ipv6PrefixLength how many leading bits of an IPv6 address name its client
     * @throws IllegalArgumentException if outside {@value #MIN_IPV6_PREFIX_LENGTH}..{@value #MAX_IPV6_PREFIX_LENGTH}
     */
    public ClientKeys(int ipv6PrefixLength) {
        if (ipv6PrefixLength < MIN_IPV6_PREFIX_LENGTH || ipv6PrefixLength > MAX_IPV6_PREFIX_LENGTH) {
            throw new IllegalArgumentException("IPv6 prefix length " + ipv6PrefixLength + " is outside "
                    + MIN_IPV6_PREFIX_LENGTH + ".." + MAX_IPV6_PREFIX_LENGTH);
        }
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /**
     * @param address a client address as {@link ClientAddresses#resolve} gives it
     * @return the key to count it by: {@code 192.0.2.1}, or {@code 2001:db8:0:1:0:0:0:0/64}
     */
    public String keyOf(String address) {
        if (!IpLiterals.isLiteral(address)) {
            return address;
        }
        byte[] bytes;
        try {
            bytes = IpLiterals.bytes(address);
        } catch (IllegalArgumentException notAnAddressAfterAll) {
            return address;
        }
        if (bytes.length == 4) {
            return text(bytes);
        }
        for (int bit = ipv6PrefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return text(bytes) + "/" + ipv6PrefixLength;
    }

    private static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
