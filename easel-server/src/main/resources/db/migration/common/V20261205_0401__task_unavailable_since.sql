-- When the current job's back end first answered unavailable or rate limited in the outage that is
-- still going on, in milliseconds since the Unix epoch; NULL when its last run did not find the
-- back end unavailable. The server fails the task once this is older than easel.retry.unavailable-for.
ALTER TABLE tasks ADD COLUMN unavailable_since BIGINT;
