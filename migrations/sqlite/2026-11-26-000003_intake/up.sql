-- Intake from the law-enforcement mailbox: every message that arrives (raw bytes in the blob
-- store, a row here before any parsing), the fields intake proposed with their evidence, and the
-- findings (authenticity, limits) that become flags on the case.
CREATE TABLE inbound_messages (
    id TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('maildir', 'imap', 'pipe', 'upload')),
    source_ref TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    size_bytes BIGINT NOT NULL,
    message_id TEXT,
    received_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('stored', 'filed', 'triage', 'duplicate')),
    case_id TEXT REFERENCES cases (id),
    duplicate_of TEXT REFERENCES inbound_messages (id),
    triage_reason TEXT,
    subject TEXT,
    from_address TEXT,
    summary TEXT,
    created_at TIMESTAMP NOT NULL,
    processed_at TIMESTAMP
);
CREATE INDEX inbound_messages_message_id ON inbound_messages (message_id);
CREATE INDEX inbound_messages_status ON inbound_messages (status, received_at);
CREATE INDEX inbound_messages_case ON inbound_messages (case_id);

CREATE TABLE intake_guesses (
    id TEXT PRIMARY KEY NOT NULL,
    inbound_message_id TEXT NOT NULL REFERENCES inbound_messages (id),
    case_id TEXT NOT NULL REFERENCES cases (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    evidence_phrase TEXT NOT NULL,
    evidence_location TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    applied_to TEXT,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'corrected', 'rejected')),
    corrected_value TEXT,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX intake_guesses_case ON intake_guesses (case_id);
CREATE INDEX intake_guesses_message ON intake_guesses (inbound_message_id);

CREATE TABLE message_findings (
    id TEXT PRIMARY KEY NOT NULL,
    inbound_message_id TEXT NOT NULL REFERENCES inbound_messages (id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'blocking')),
    message TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX message_findings_message ON message_findings (inbound_message_id);

CREATE TABLE imap_cursors (
    mailbox_key TEXT PRIMARY KEY NOT NULL,
    uid_validity BIGINT NOT NULL,
    last_uid BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- No foreign key: SQLite cannot drop a column that has one (down.sql).
ALTER TABLE documents ADD COLUMN inbound_message_id TEXT;
ALTER TABLE targets ADD COLUMN withdrawn_at TIMESTAMP;
