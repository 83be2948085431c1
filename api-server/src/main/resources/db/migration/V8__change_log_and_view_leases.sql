-- Every write that can change a token check's answer (a revocation, a user's change, an API token's record, a
-- key's retirement) appends an entry here in its own transaction, so that every instance and guard that answers
-- checks from memory learns it in the order it committed. Positions are handed out under the lock of the one row
-- of change_position, held until the writer's commit: they commit in their order, with no gap, so a reader that
-- has applied position p has applied everything at or below it, and a missing p + 1 means it was purged.
CREATE TABLE change_position (
    id   INT    NOT NULL PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO change_position (id, last) VALUES (1, 0);
CREATE TABLE change_log (
    position    BIGINT      NOT NULL PRIMARY KEY,
    -- REVOKED (subject: the jti), USER (subject: the user id), KEYS (no subject).
    kind        VARCHAR(16) NOT NULL,
    subject     VARCHAR(64),
    -- A revocation's expiry (epoch seconds), when it may be forgotten.
    expires_at  BIGINT,
    -- The database's clock (epoch milliseconds): the one clock leases are measured by.
    recorded_at BIGINT      NOT NULL
);
CREATE INDEX change_log_recorded_at ON change_log (recorded_at);
-- The leases of the views that answer checks from memory: a write that changes a check's answer returns only once
-- every view whose lease is live has acknowledged its position, or that lease has expired. Expiry is on the
-- database's clock (epoch milliseconds); acknowledged is the last position the view confirmed at a renewal (it
-- confirms the positions between renewals in messages, which cost no write).
CREATE TABLE view_leases (
    view_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- INSTANCE or GUARD, and who holds it: a host and process, or a guarded service's credential.
    kind         VARCHAR(16)  NOT NULL,
    holder       VARCHAR(255) NOT NULL,
    expires_at   BIGINT       NOT NULL,
    acknowledged BIGINT       NOT NULL
);
