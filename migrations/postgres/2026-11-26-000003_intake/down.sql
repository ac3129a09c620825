ALTER TABLE targets DROP COLUMN withdrawn_at;
ALTER TABLE documents DROP COLUMN inbound_message_id;
DROP TABLE imap_cursors;
DROP TABLE message_findings;
DROP TABLE intake_guesses;
DROP TABLE inbound_messages;
