-- Productions: counsel's decisions about what a case's production holds, the records engineers
-- export for a case, the bundles lert makes (immutable once made; a regeneration is a new
-- version) and their deliveries.

-- One standing decision per subject: 'target:<target id>' (produce or withhold that target),
-- 'category:<data category>' (produce a category the process does not compel, or withhold one
-- it does) or 'backups' (produce logs and certificates beyond the lookback window, restored from
-- backups, at the recorded cost). Earlier decisions are in the audit trail.
CREATE TABLE production_decisions (
    case_id TEXT NOT NULL REFERENCES cases (id),
    subject TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('produce', 'withhold')),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    cost_cents BIGINT CHECK (cost_cents IS NULL OR cost_cents >= 0),
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, subject)
);

-- Records exported by an engineer for a case, validated row by row before they are kept.
CREATE TABLE record_uploads (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('accounts', 'contact_emails', 'api_log', 'certificates')),
    format TEXT NOT NULL CHECK (format IN ('csv', 'jsonl')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    rows BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT
);
CREATE INDEX record_uploads_case ON record_uploads (case_id, kind);

CREATE TABLE productions (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL CHECK (version > 0),
    source TEXT NOT NULL CHECK (source IN ('records_database', 'uploads')),
    bundle_sha256 TEXT NOT NULL,
    bundle_size BIGINT NOT NULL,
    encrypted BOOLEAN NOT NULL,
    -- What was produced and withheld, the window and the row counts, as JSON.
    scope TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    generated_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, version)
);

-- Every file inside a bundle, as its certification lists it.
CREATE TABLE production_files (
    production_id TEXT NOT NULL REFERENCES productions (id),
    name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (production_id, name)
);

CREATE TABLE production_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    production_id TEXT NOT NULL REFERENCES productions (id),
    method TEXT NOT NULL CHECK (method IN (
        'secure_portal', 'secure_link', 'email', 'physical_media', 'in_person', 'other')),
    recipient TEXT NOT NULL CHECK (length(trim(recipient)) > 0),
    delivered_at TIMESTAMP NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX production_deliveries_production ON production_deliveries (production_id, delivered_at);

-- A bundle, its file list and its deliveries are never changed once recorded.
CREATE FUNCTION productions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER productions_immutable BEFORE UPDATE OR DELETE ON productions
FOR EACH ROW EXECUTE FUNCTION productions_immutable();
CREATE TRIGGER production_files_immutable BEFORE UPDATE OR DELETE ON production_files
FOR EACH ROW EXECUTE FUNCTION productions_immutable();
CREATE TRIGGER production_deliveries_immutable BEFORE UPDATE OR DELETE ON production_deliveries
FOR EACH ROW EXECUTE FUNCTION productions_immutable();
