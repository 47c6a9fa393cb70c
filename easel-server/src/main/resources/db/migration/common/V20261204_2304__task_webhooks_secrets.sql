-- A task's webhook subscription, and the secrets that sign a user's webhooks (newest is current).

CREATE TABLE task_webhooks (
    task_id  VARCHAR(40)   NOT NULL PRIMARY KEY,
    user_id  VARCHAR(200)  NOT NULL,
    url      VARCHAR(2048) NOT NULL,
    events   VARCHAR(200)  NOT NULL
);

CREATE TABLE webhook_secrets (
    user_id     VARCHAR(200) NOT NULL,
    secret      VARCHAR(200) NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, created_at)
);
