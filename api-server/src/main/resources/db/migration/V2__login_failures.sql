-- Failed logins per throttling key (a username or a client address), shared by every instance.
-- Rows untouched for longer than the failure-reset period are purged.
CREATE TABLE login_failures (
    throttle_key VARCHAR(400) NOT NULL PRIMARY KEY,
    failures     INTEGER      NOT NULL,
    last_failure BIGINT       NOT NULL
);
CREATE INDEX login_failures_last_failure ON login_failures (last_failure);
