-- The legal clocks: preservations and their renewals, non-disclosure orders, and the deadlines
-- and flags lert derives from a case (recomputed when an input changes; old ones superseded,
-- never deleted).
ALTER TABLE legal_processes ADD COLUMN respond_within_days INTEGER
    CHECK (respond_within_days IS NULL OR respond_within_days BETWEEN 0 AND 365);

CREATE TABLE preservations (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    received_on DATE NOT NULL,
    expires_on DATE NOT NULL,
    renewals INTEGER NOT NULL DEFAULT 0,
    automatic BOOLEAN NOT NULL,
    held_by_case_id TEXT REFERENCES cases (id),
    released_on DATE,
    released_by TEXT REFERENCES users (id),
    release_note TEXT,
    created_at TIMESTAMP NOT NULL,
    CHECK (received_on <= expires_on)
);
CREATE INDEX preservations_case ON preservations (case_id);
CREATE INDEX preservations_held_by ON preservations (held_by_case_id);

CREATE TABLE preservation_renewals (
    id TEXT PRIMARY KEY NOT NULL,
    preservation_id TEXT NOT NULL REFERENCES preservations (id),
    received_on DATE NOT NULL,
    previous_expires_on DATE NOT NULL,
    expires_on DATE NOT NULL,
    statutory BOOLEAN NOT NULL,
    approved_by TEXT REFERENCES users (id),
    note TEXT,
    created_at TIMESTAMP NOT NULL,
    CHECK (expires_on > previous_expires_on)
);
CREATE INDEX preservation_renewals_preservation ON preservation_renewals (preservation_id);

CREATE TABLE ndos (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    signed_on DATE NOT NULL,
    received_on DATE NOT NULL,
    term TEXT NOT NULL CHECK (term IN ('fixed_end', 'duration', 'until_further_order')),
    ends_on DATE,
    duration_amount INTEGER,
    duration_unit TEXT CHECK (duration_unit IN ('days', 'months', 'years')),
    extends_ndo_id TEXT REFERENCES ndos (id),
    vacated_on DATE,
    docket_number TEXT,
    covers_process_id TEXT REFERENCES legal_processes (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((term = 'fixed_end') = (ends_on IS NOT NULL)),
    CHECK ((term = 'duration') = (duration_amount IS NOT NULL AND duration_unit IS NOT NULL))
);
CREATE INDEX ndos_case ON ndos (case_id);

CREATE TABLE deadlines (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    source_id TEXT,
    due_on DATE NOT NULL,
    trail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP
);
CREATE INDEX deadlines_case ON deadlines (case_id);
CREATE INDEX deadlines_current_due ON deadlines (due_on) WHERE superseded_at IS NULL;

CREATE TABLE flags (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'blocking')),
    message TEXT NOT NULL,
    source_id TEXT,
    created_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP
);
CREATE INDEX flags_case ON flags (case_id);
