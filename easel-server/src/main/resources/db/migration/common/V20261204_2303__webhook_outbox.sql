-- The webhook outbox: one row per event and receiver, and one row per delivery attempt.
-- Times are milliseconds since the Unix epoch (UTC). The body is the envelope JSON, sent byte for
-- byte on every attempt.

CREATE TABLE webhook_deliveries (
    id               VARCHAR(64)   NOT NULL PRIMARY KEY,
    task_id          VARCHAR(40)   NOT NULL,
    user_id          VARCHAR(200)  NOT NULL,
    url              VARCHAR(2048) NOT NULL,
    event_type       VARCHAR(20)   NOT NULL,
    body             TEXT          NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  BIGINT        NOT NULL,
    schedule_start   BIGINT        NOT NULL,
    created_at       BIGINT        NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_task ON webhook_deliveries (task_id);

CREATE TABLE webhook_attempts (
    delivery_id  VARCHAR(64)  NOT NULL,
    number       INTEGER      NOT NULL,
    started_at   BIGINT       NOT NULL,
    duration_ms  BIGINT       NOT NULL,
    outcome      VARCHAR(30)  NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    retry_after  BIGINT,
    PRIMARY KEY (delivery_id, number)
);
