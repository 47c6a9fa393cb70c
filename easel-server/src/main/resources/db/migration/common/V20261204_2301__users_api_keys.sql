-- Users and their API keys (issue 6). Times are milliseconds since the Unix epoch (UTC).
-- A key is stored as the SHA-256 of the whole key text; key_id is its public prefix, used for lookup.

CREATE TABLE users (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    plan        VARCHAR(40)  NOT NULL,
    user_group  VARCHAR(100) NOT NULL,
    is_admin    BOOLEAN      NOT NULL,
    disabled    BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE api_keys (
    key_id      VARCHAR(40)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(40)  NOT NULL REFERENCES users (id),
    key_hash    VARCHAR(64)  NOT NULL,
    disabled    BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE INDEX api_keys_user_id ON api_keys (user_id);
