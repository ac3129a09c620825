DROP TABLE scheduler_marks;
DROP TABLE outbox_contents;
DROP TABLE outbox;
ALTER TABLE targets DROP COLUMN contact_email;
