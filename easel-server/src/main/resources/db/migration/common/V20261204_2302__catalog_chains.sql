-- Catalog tasks: the step a task is at, its resolved plan, and the alias switches made through
-- the admin API (so that they outlive restarts). Times are milliseconds since the Unix epoch.

-- The step whose job the task row describes now; 0 for single-model tasks.
ALTER TABLE tasks ADD COLUMN current_step INTEGER NOT NULL DEFAULT 0;

-- The resolved steps of a scene, pipeline or example task, and the exact catalog versions it used.
CREATE TABLE task_plans (
    task_id     VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES tasks (id),
    plan_json   TEXT        NOT NULL
);

CREATE TABLE catalog_alias_switches (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    model         VARCHAR(200) NOT NULL,
    alias         VARCHAR(100) NOT NULL,
    from_version  VARCHAR(100) NOT NULL,
    to_version    VARCHAR(100) NOT NULL,
    actor         VARCHAR(200) NOT NULL,
    at            BIGINT       NOT NULL,
    reason        TEXT         NOT NULL,
    is_rollback   INTEGER      NOT NULL
);
