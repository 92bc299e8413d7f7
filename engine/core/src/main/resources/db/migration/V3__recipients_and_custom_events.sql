-- Alarm recipient lists edited through an API (they replace entities.yaml's for that alarm), and
-- custom events added through an API.
CREATE TABLE IF NOT EXISTS recipient_list (
    alarm_guid VARCHAR(36) PRIMARY KEY,
    doc VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS custom_event (
    id INT PRIMARY KEY,
    name VARCHAR(256) NOT NULL,
    entity_type VARCHAR(32) NOT NULL,
    owner VARCHAR(36) NOT NULL
);
