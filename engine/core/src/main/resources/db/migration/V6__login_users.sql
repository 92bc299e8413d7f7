-- A user who logs in without a user entity in entities.yaml gets one, kept here so that its GUID and
-- logical id stay the same across restarts (alarm recipients and acknowledgements name them).
CREATE TABLE IF NOT EXISTS login_user (
    name VARCHAR(64) PRIMARY KEY,
    guid VARCHAR(36) NOT NULL,
    logical_id INT NOT NULL
);
