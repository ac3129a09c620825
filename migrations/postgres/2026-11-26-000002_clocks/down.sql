DROP TABLE flags;
DROP TABLE deadlines;
DROP TABLE ndos;
DROP TABLE preservation_renewals;
DROP TABLE preservations;
ALTER TABLE legal_processes DROP COLUMN respond_within_days;
