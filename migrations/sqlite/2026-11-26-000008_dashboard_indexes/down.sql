DROP INDEX legal_processes_kind;
DROP INDEX deadlines_current_kind_due;
