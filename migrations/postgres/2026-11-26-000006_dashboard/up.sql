-- Dashboard sign-in. A session cookie names the user's session epoch; disabling the user or
-- changing their password moves it on, which ends every session they had.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- Failed sign-ins, per email ('email:<address>') and per client address ('ip:<address>'):
-- too many within the lockout period lock the key until `locked_until`.
CREATE TABLE signin_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    first_failure_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
