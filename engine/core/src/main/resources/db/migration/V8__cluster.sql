-- On a cluster, alarm changes are first put in the topic <topic>-alarms, which orders them for every
-- node; topic_pos is a change's place there, and an instance row only takes a change from further on,
-- so the store ends in the state every node's memory ends in, whichever node wrote last.
ALTER TABLE alarm_instance ADD COLUMN IF NOT EXISTS topic_pos BIGINT;
ALTER TABLE alarm_change ADD COLUMN IF NOT EXISTS topic_pos BIGINT;

-- A cluster (journal.type: kafka) keeps, per partition of the events topic, how far the rules of the
-- node that owned it were with everything stored: the node that takes the partition over starts there.
CREATE TABLE IF NOT EXISTS rules_partition_checkpoint (
    topic VARCHAR(255) NOT NULL,
    log_partition INT NOT NULL,
    sequence BIGINT NOT NULL,
    clock_ms BIGINT NOT NULL,
    carry_from BIGINT NOT NULL,
    node VARCHAR(255) NOT NULL,
    updated_ms BIGINT NOT NULL,
    -- how long the oldest event waiting for these rules had waited: what other nodes refuse events by
    behind_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (topic, log_partition)
);
