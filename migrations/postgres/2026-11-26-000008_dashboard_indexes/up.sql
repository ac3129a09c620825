-- Today's sections ask for current deadlines of a few kinds before or around a day; emergencies
-- are found by the kind of process. Both were scans over every case's rows.
CREATE INDEX deadlines_current_kind_due ON deadlines (kind, due_on) WHERE superseded_at IS NULL;
CREATE INDEX legal_processes_kind ON legal_processes (kind, case_id);
