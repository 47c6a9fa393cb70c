-- Every state change of a task, in order. SQLite flavour of the auto-increment key.
CREATE TABLE transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id     VARCHAR(40) NOT NULL REFERENCES tasks (id),
    job_id      VARCHAR(40),
    from_state  VARCHAR(16),
    to_state    VARCHAR(16) NOT NULL,
    attempt     INTEGER     NOT NULL,
    at          BIGINT      NOT NULL,
    reason      TEXT        NOT NULL
);

CREATE INDEX transitions_task_id ON transitions (task_id, id);
