-- Clients that logged in successfully as a user lately: a digest of the username and the client key
-- (an IPv4 address or an IPv6 network), never either in clear, and when it stops being known (epoch
-- seconds). A known client is throttled by its own failures only. Expired rows are purged.
CREATE TABLE known_clients (
    client_marker VARCHAR(128) NOT NULL PRIMARY KEY,
    expires_at    BIGINT       NOT NULL
);
CREATE INDEX known_clients_expires_at ON known_clients (expires_at);
