-- Outbound mail. Every email lert sends is first a row here, rendered and with its Message-ID,
-- then claimed under a lease, sent, and marked; so a crash or a second instance never loses or
-- double-sends one. Subscribers' contact emails live on their targets.
ALTER TABLE targets ADD COLUMN contact_email TEXT;

CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (
        'subscriber_notice', 'delayed_notice', 'agency_ack', 'reply_deficient', 'reply_lookback',
        'reply_mlat', 'ndo_headsup', 'digest', 'alert_emergency', 'alert_overdue', 'alert_mail_failed')),
    case_id TEXT REFERENCES cases (id),
    target_id TEXT REFERENCES targets (id),
    -- Unique per email lert means to send: a second attempt to enqueue the same one is a no-op.
    dedupe_key TEXT NOT NULL UNIQUE,
    recipient TEXT,
    message_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN (
        'draft', 'held', 'scheduled', 'sending', 'sent', 'failed', 'no_contact', 'cancelled')),
    scheduled_for TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_owner TEXT,
    lease_until TIMESTAMP,
    sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (status NOT IN ('scheduled', 'sending', 'sent', 'failed') OR recipient IS NOT NULL),
    CHECK (status <> 'scheduled' OR scheduled_for IS NOT NULL),
    CHECK (status <> 'sending' OR lease_until IS NOT NULL)
);
-- The two ways a row becomes due; partial, so a tick's cost follows the due rows, not the table.
CREATE INDEX outbox_due ON outbox (scheduled_for) WHERE status = 'scheduled';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_case ON outbox (case_id, kind);
-- What the email says, apart from the state the scheduler scans and updates.
CREATE TABLE outbox_contents (
    outbox_id TEXT PRIMARY KEY NOT NULL REFERENCES outbox (id),
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    in_reply_to TEXT,
    approved_by TEXT REFERENCES users (id)
);
CREATE INDEX outbox_attention ON outbox (status) WHERE status IN ('held', 'failed', 'draft');

-- Marks the scheduler keeps between ticks (the last day it sent a digest, recomputed, scanned).
CREATE TABLE scheduler_marks (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
