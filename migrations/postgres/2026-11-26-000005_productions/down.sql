DROP TABLE production_deliveries;
DROP TABLE production_files;
DROP TABLE productions;
DROP TABLE record_uploads;
DROP TABLE production_decisions;
DROP FUNCTION productions_immutable();
