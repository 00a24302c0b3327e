-- The switch pool (OpenSIPS's dispatcher and load_balancer tables, with their column names where
-- they mean the same). Destinations are unique per set or group; the id is what the management
-- API and the CLI name a row by. "disabled" is the operator's administrative state only: health
-- (probes, failed calls) lives in the running edge, never here.

CREATE TABLE dispatcher (
    id          INTEGER PRIMARY KEY,
    setid       INTEGER NOT NULL CHECK (setid >= 0),
    destination TEXT    NOT NULL,
    weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 0),
    priority    INTEGER NOT NULL DEFAULT 0,
    attrs       TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    UNIQUE (setid, destination)
);

CREATE TABLE load_balancer (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL CHECK (group_id >= 0),
    dst_uri     TEXT    NOT NULL,
    resources   TEXT    NOT NULL,
    probe_mode  INTEGER NOT NULL DEFAULT 1 CHECK (probe_mode IN (0, 1, 2)),
    description TEXT    NOT NULL DEFAULT '',
    disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    UNIQUE (group_id, dst_uri)
);
