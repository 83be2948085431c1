-- API tokens by jti (16 bytes): the authority on whether one is still good. Revoking one deletes its row, so
-- that a token that never expires stays revocable while the table holds live tokens only. Never the token.
-- Removing a user removes the records of the API tokens it created; revoking an API token revokes those it
-- created (parent_jti), and theirs.
CREATE TABLE api_tokens (
    jti         BYTEA         NOT NULL PRIMARY KEY,
    user_id     BIGINT        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    -- The granted permission names, sorted, separated by single spaces (at most 100 names of 64 characters).
    permissions VARCHAR(6500) NOT NULL,
    description VARCHAR(255),
    created_at  BIGINT        NOT NULL,
    -- Epoch seconds; NULL: it never expires.
    expires_at  BIGINT,
    -- The API token that created it; NULL when a login token did.
    parent_jti  BYTEA         REFERENCES api_tokens (jti) ON DELETE CASCADE
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX api_tokens_expires_at ON api_tokens (expires_at);
