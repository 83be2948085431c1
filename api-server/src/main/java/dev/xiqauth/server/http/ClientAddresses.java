package dev.xiqauth.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides the address a request comes from, for throttling and the audit log: the socket peer,
 * unless the peer is one of the configured trusted proxies, in which case the nearest address in
 * {@code X-Forwarded-For} (or {@code Forwarded: for=}) that is not itself a trusted proxy. Headers
 * from anyone else are ignored, so a client cannot pick its own address to dodge or reset counters.
 */
public final class ClientAddresses {
    private final List<Cidr> trustedProxies;

    /**
     * @param trustedProxies addresses or CIDR blocks of the proxies in front of the server, for
     *     example {@code 10.0.0.0/8} or {@code ::1}
     * @throws IllegalArgumentException if one is not an address or a block
     */
    public ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /**
     * @param trustedProxies addresses or CIDR blocks of proxies, as configured
     * @throws IllegalArgumentException naming the first that is not an address or a block
     */
    public static void requireValid(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            try {
                Cidr.parse(proxy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--trusted-proxies: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param peer the socket peer's address, if the container knows it
     * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
     * @param forwarded the {@code Forwarded} header, or {@code null}
     * @return the client's address, as text
     */
    public String resolve(String peer, String forwardedFor, String forwarded) {
        if (peer == null || peer.isBlank()) {
            return "unknown";
        }
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor != null ? splitForwardedFor(forwardedFor)
                : forwarded != null ? splitForwarded(forwarded) : List.of();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isTrusted(hop)) {
                return isParseable(hop) ? hop : "invalid-forwarded-address";
            }
        }
        return peer;
    }

    /**
     * @param peer a connection's peer address, as text
     * @return whether it is one of the trusted proxies, whose connections carry many clients
     */
    public boolean isTrustedProxy(String peer) {
        return isTrusted(peer);
    }

    private boolean isTrusted(String address) {
        if (trustedProxies.isEmpty()) {
            return false;
        }
        try {
            return IpLiterals.isLiteral(address) && trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
        } catch (IllegalArgumentException looksLikeButIsNotAnAddress) {
            return false;
        }
    }

    private static boolean isParseable(String text) {
        try {
            return IpLiterals.bytes(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> splitForwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String part : header.split(",")) {
            hops.add(part.strip());
        }
        return hops;
    }

    private static List<String> splitForwarded(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String[] nameValue = pair.strip().split("=", 2);
                if (nameValue.length == 2 && nameValue[0].strip().toLowerCase(Locale.ROOT).equals("for")) {
                    String value = nameValue[1].strip().replace("\"", "");
                    if (value.startsWith("[")) {
                        value = value.substring(1, value.indexOf(']') > 0 ? value.indexOf(']') : value.length());
                    } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
                        value = value.substring(0, value.indexOf(':'));
                    }
                    hops.add(value);
                }
            }
        }
        return hops;
    }

    /** An address block. */
    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            if (!IpLiterals.isLiteral(parts[0])) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
            }
            byte[] address = IpLiterals.bytes(parts[0]);
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("not a CIDR block: " + text);
            }
            return new Cidr(address, prefix);
        }

        boolean contains(String text) {
            byte[] address = IpLiterals.bytes(text);
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
