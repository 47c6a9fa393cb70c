-- Tier settings changed at run time through the admin API, applied again on start. A NULL column
-- means the configured value applies.
CREATE TABLE tier_settings (
    tier                 VARCHAR(100)      NOT NULL PRIMARY KEY,
    weight               DOUBLE PRECISION,
    max_queued           INTEGER,
    max_queued_per_user  INTEGER,
    max_wait_ms          BIGINT,
    admission_json       TEXT,
    paused               INTEGER           NOT NULL DEFAULT 0,
    paused_until         BIGINT,
    updated_at           BIGINT            NOT NULL
);

-- What a degrade rule changed in a task at admission (steps, width, height), as a JSON list.
CREATE TABLE task_degrades (
    task_id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    changes_json  TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL
);
