-- How much of each token's quota the instances sharing this database have claimed, per window (epoch
-- milliseconds; an hour and a second starting at the same moment are two windows), so that together they
-- never accept more than the quota. Counts only, never a token.
CREATE TABLE quota_claims (
    jti          BYTEA  NOT NULL,
    window_start BIGINT NOT NULL,
    window_end   BIGINT NOT NULL,
    claimed      BIGINT NOT NULL,
    PRIMARY KEY (jti, window_start, window_end)
);
CREATE INDEX quota_claims_window_end ON quota_claims (window_end);
