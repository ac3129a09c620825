-- The case core: users, tokens, agencies, cases, processes, targets, documents, audit trail.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'counsel', 'admin')),
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);

CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL CHECK (length(country) = 2),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE agency_contacts (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agency_contacts_agency ON agency_contacts (agency_id);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'in_review', 'awaiting_information',
        'approved', 'produced', 'closed', 'rejected', 'withdrawn')),
    agency_id TEXT REFERENCES agencies (id),
    assignee_id TEXT REFERENCES users (id),
    received_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX cases_received ON cases (received_at, id);
CREATE INDEX cases_status_received ON cases (status, received_at, id);
CREATE INDEX cases_agency_received ON cases (agency_id, received_at, id);
CREATE INDEX cases_assignee ON cases (assignee_id);

CREATE TABLE legal_processes (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('criminal_subpoena', 'administrative_subpoena',
        'civil_subpoena', 'court_order_2703d', 'other_court_order', 'search_warrant',
        'preservation_request', 'emergency_request', 'mlat_request', 'pen_register_order',
        'wiretap_order', 'national_security_process', 'other')),
    issuing_authority TEXT,
    agent_name TEXT,
    agent_email TEXT,
    agent_phone TEXT,
    docket_number TEXT,
    issued_on DATE,
    served_on DATE,
    return_by DATE,
    requested_from DATE,
    requested_to DATE,
    data_categories TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (requested_from IS NULL OR requested_to IS NULL OR requested_from <= requested_to)
);
CREATE INDEX legal_processes_case_kind ON legal_processes (case_id, kind);

CREATE TABLE targets (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('account_id', 'email', 'domain', 'ip', 'cert_serial')),
    raw TEXT NOT NULL,
    normalized TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, kind, normalized)
);
CREATE INDEX targets_normalized ON targets (normalized, case_id);

CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX documents_case ON documents (case_id);

CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    occurred_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id TEXT REFERENCES cases (id),
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_case ON audit_events (case_id, seq);

-- The trail is append-only; lert never updates or deletes an event.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
