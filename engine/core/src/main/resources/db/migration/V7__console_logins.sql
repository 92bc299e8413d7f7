-- Console logins, so that an open console survives a restart or an upgrade of the daemon. The session
-- id itself is not stored, only its SHA-256: a copy of this table opens no console.
CREATE TABLE IF NOT EXISTS console_login (
    id_hash VARCHAR(64) PRIMARY KEY,
    csrf VARCHAR(64) NOT NULL,
    user_name VARCHAR(64) NOT NULL,
    last_seen_ms BIGINT NOT NULL
);
