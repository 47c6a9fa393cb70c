-- Tasks, their jobs and their outputs. Times are milliseconds since the Unix epoch (UTC).
-- Ids are 26-character ULIDs with a type prefix, so ordering by id orders by creation time.

CREATE TABLE tasks (
    id                    VARCHAR(40)  NOT NULL PRIMARY KEY,
    user_id               VARCHAR(200) NOT NULL,
    tier                  VARCHAR(40)  NOT NULL,
    model                 VARCHAR(200) NOT NULL,
    model_version         VARCHAR(100) NOT NULL,
    capability            VARCHAR(40)  NOT NULL,
    params_json           TEXT         NOT NULL,
    images                INTEGER      NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    attempts              INTEGER      NOT NULL,
    max_attempts          INTEGER      NOT NULL,
    estimated_cost        DOUBLE PRECISION NOT NULL,
    queued_at             BIGINT       NOT NULL,
    started_at            BIGINT,
    finished_at           BIGINT,
    updated_at            BIGINT       NOT NULL,
    next_attempt_at       BIGINT,
    cancel_requested_at   BIGINT,
    worker_id             VARCHAR(200),
    reason                TEXT
);

CREATE INDEX tasks_user_id ON tasks (user_id, id);
CREATE INDEX tasks_status ON tasks (status, id);

CREATE TABLE jobs (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    task_id         VARCHAR(40)  NOT NULL REFERENCES tasks (id),
    step_index      INTEGER      NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    worker_id       VARCHAR(200),
    started_at      BIGINT,
    finished_at     BIGINT,
    updated_at      BIGINT       NOT NULL
);

CREATE INDEX jobs_task_id ON jobs (task_id, step_index);

CREATE TABLE outputs (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    task_id       VARCHAR(40)  NOT NULL REFERENCES tasks (id),
    job_id        VARCHAR(40)  NOT NULL REFERENCES jobs (id),
    image_index   INTEGER      NOT NULL,
    path          VARCHAR(500) NOT NULL,
    media_type    VARCHAR(100) NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    sha256        VARCHAR(64)  NOT NULL,
    width         INTEGER      NOT NULL,
    height        INTEGER      NOT NULL,
    seed          BIGINT       NOT NULL,
    recipe_json   TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT outputs_once_per_image UNIQUE (job_id, image_index)
);

CREATE INDEX outputs_task_id ON outputs (task_id);
