-- Bindings of the registrar (RFC 3261 §10.3) and the subscribers digest authentication uses.
-- Times are Unix milliseconds, UTC. Tables are WITHOUT ROWID: the natural key is the only
-- access path, so the rows live in the key's B-tree and a lookup reads one tree, not two.

CREATE TABLE location (
    aor            TEXT    NOT NULL,
    contact_uri    TEXT    NOT NULL,
    q              INTEGER NOT NULL DEFAULT 1000 CHECK (q BETWEEN 0 AND 1000),
    expires_at     INTEGER NOT NULL,
    call_id        TEXT    NOT NULL,
    cseq           INTEGER NOT NULL,
    transport      TEXT    NOT NULL CHECK (transport IN ('udp', 'tcp', 'tls', 'ws', 'wss')),
    source         TEXT    NOT NULL,
    local_listener TEXT    NOT NULL,
    connection_id  INTEGER NOT NULL DEFAULT 0,
    instance_id    TEXT,
    reg_id         INTEGER,
    path           TEXT,
    user_agent     TEXT,
    flags          INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (aor, contact_uri)
) WITHOUT ROWID;

-- No index on expires_at: every refresh changes it, so such an index would cost a delete and an
-- insert on a random page per REGISTER (it doubled the write cost), while the purge that would use
-- it runs once a minute and scans the table in milliseconds.

-- HA1 values are lower-case hex (RFC 7616 §3.4.2); the domain is the realm and is compared
-- case-insensitively like a host name.
CREATE TABLE subscriber (
    username       TEXT    NOT NULL,
    domain         TEXT    NOT NULL COLLATE NOCASE,
    ha1_md5        TEXT    NOT NULL,
    ha1_sha256     TEXT    NOT NULL,
    ha1_sha512_256 TEXT,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (username, domain)
) WITHOUT ROWID;
