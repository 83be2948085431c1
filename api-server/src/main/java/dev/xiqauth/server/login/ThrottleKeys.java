package dev.xiqauth.server.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The keys failed logins are counted under, and the marker of a known client. Usernames enter them
 * only as digests: lower-casing can lengthen a name (İ becomes two characters), keys have a fixed
 * width, and the store holds no username in clear beside an address.
 */
final class ThrottleKeys {
    private ThrottleKeys() {
    }

    /** @return the key of strangers' failures against the username, whether or not it exists */
    static String username(String username) {
        return "user:" + HexFormat.of().formatHex(usernameDigest(username));
    }

    /** @return the key of strangers' failures from the client, against any username */
    static String address(String clientKey) {
        return "addr:" + clientKey;
    }

    /** @return the marker of the client as known for the username: one digest of both, unambiguous */
    static String knownClient(String username, String clientKey) {
        MessageDigest digest = sha256();
        digest.update(usernameDigest(username));
        digest.update(clientKey.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return the key of a known client's own failures against the username */
    static String knownClientFailures(String marker) {
        return "known:" + marker;
    }

    private static byte[] usernameDigest(String username) {
        return sha256().digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
