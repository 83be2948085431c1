-- Every token carries the generation of its user's credentials it was issued at, and is refused once the
-- generation moved on. A new password and disabling the user move it on, in the transaction that deletes the
-- user's API tokens; an API token is recorded only under a lock on the user's row that re-reads it. So a token
-- issued while the change runs is refused by the change or never issued, whatever its iat: tokens_valid_after
-- alone could not tell, in whole seconds, a token dated just after the change from one issued before it.
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
