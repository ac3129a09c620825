DROP TABLE signin_throttle;
ALTER TABLE users DROP COLUMN session_epoch;
