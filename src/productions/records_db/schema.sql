-- The records database lert reads productions from: what the provider keeps about accounts,
-- as docs/RECORDS.md describes it. The provider's own systems fill it (or a nightly export
-- does); lert only reads it. `lert demo` creates and fills one. Times are UTC.
CREATE TABLE IF NOT EXISTS accounts (
    account_id TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    registration_ip TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_registration_ip ON accounts (registration_ip);

CREATE TABLE IF NOT EXISTS contact_emails (
    account_id TEXT NOT NULL,
    email TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP,
    PRIMARY KEY (account_id, email, added_at)
);
CREATE INDEX IF NOT EXISTS contact_emails_email ON contact_emails (email);

-- Domain names are space-separated.
CREATE TABLE IF NOT EXISTS api_log (
    at TIMESTAMP NOT NULL,
    account_id TEXT,
    endpoint TEXT NOT NULL,
    domains TEXT NOT NULL,
    client_ip TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_log_account_at ON api_log (account_id, at);
CREATE INDEX IF NOT EXISTS api_log_client_ip ON api_log (client_ip);

CREATE TABLE IF NOT EXISTS certificates (
    serial TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    names TEXT NOT NULL,
    not_before TIMESTAMP NOT NULL,
    not_after TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS certificates_account ON certificates (account_id, not_before);
