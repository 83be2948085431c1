package dev.xiqauth.server.login;

import java.util.Objects;

/**
 * Where a login attempt comes from, in the two forms it is used in: the full address, which the
 * audit log records, and the key the throttle counts the client by, which for IPv6 is the client's
 * network rather than one of its many addresses.
 *
 * @param address the client's address, as the audit log shows it
 * @param key what limits count the client by: its IPv4 address, or its IPv6 address's network
 */
public record LoginClient(String address, String key) {
    public LoginClient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(key, "key");
    }
}
