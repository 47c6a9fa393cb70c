-- Idempotency-Key records: the task that a user's key created, and a SHA-256 hash of the request
-- body it was created from. Times are milliseconds since the Unix epoch. A record older than 24
-- hours is dead: a new request with the same key replaces it, and the server prunes it.

CREATE TABLE idempotency_keys (
    user_id          VARCHAR(200) NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    body_hash        VARCHAR(64)  NOT NULL,
    task_id          VARCHAR(40)  NOT NULL REFERENCES tasks (id),
    created_at       BIGINT       NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
