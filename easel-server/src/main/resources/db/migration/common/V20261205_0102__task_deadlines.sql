-- Deadlines of a task, in milliseconds since the Unix epoch; a task without deadlines has no row.
-- start_by: the task expires if its first step has not started by then.
-- cancel_after: the task is canceled if it has not finished by then.

CREATE TABLE task_deadlines (
    task_id       VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES tasks (id),
    start_by      BIGINT,
    cancel_after  BIGINT
);
