-- Every catalog object version the server has loaded, with the YAML file it was read from, so that
-- a task can be reproduced with the versions it recorded after the catalog changed and the server
-- restarted. A row is written once and never updated. Times are milliseconds since the Unix epoch.
CREATE TABLE catalog_versions (
    -- Object version, for example pipeline:cutout@2 or model:tiny-sd@1.
    object_key   VARCHAR(300) NOT NULL PRIMARY KEY,
    -- File path relative to the catalog folder, for example pipelines/cutout.yaml.
    file         VARCHAR(500) NOT NULL,
    -- sha256 of the object's content, to reject a later file that changes it in place.
    fingerprint  VARCHAR(64)  NOT NULL,
    -- The file's whole YAML text when the version was first loaded.
    source       TEXT         NOT NULL,
    loaded_at    BIGINT       NOT NULL
);
