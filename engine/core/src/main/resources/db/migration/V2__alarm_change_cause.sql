-- Each rule trigger records the journal sequence of the event that caused it, so a crash replay
-- does not trigger the same alarm twice.
ALTER TABLE alarm_change ADD COLUMN IF NOT EXISTS cause_seq BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX IF NOT EXISTS alarm_change_cause ON alarm_change (cause_seq);
