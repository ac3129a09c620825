-- Personal calendar feeds: a secret URL per user that calendar apps poll for the team's
-- deadlines. Only the token's SHA-256 is kept; a new feed revokes the user's previous one, and
-- revoked rows stay for the record.
CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- At most one live feed per user.
CREATE UNIQUE INDEX calendar_feeds_one_live_per_user ON calendar_feeds (user_id) WHERE revoked_at IS NULL;
