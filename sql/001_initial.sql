-- Sites, agents, visitors, conversations, messages, presence and the events log.
-- Times are milliseconds since the Unix epoch (UTC). Ids are opaque text (UUIDs).
-- Written for SQLite; Sql::migrationScript (server/storage/sqldialect.h) adapts the types for
-- PostgreSQL, and what differs beyond types sits in `-- @sqlite` / `-- @postgres` sections.

-- @postgres
-- Emails compare without case, as SQLite's NOCASE does (ICU, secondary strength).
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
-- @end

CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    site_key    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    origins     TEXT NOT NULL DEFAULT '[]',   -- JSON array of allowed origins
    config      TEXT NOT NULL DEFAULT '{}',   -- JSON: title, greeting, color, position, forms
    disabled    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin')),
    password_hash TEXT NOT NULL,
    max_chats     INTEGER NOT NULL DEFAULT 3 CHECK (max_chats >= 0),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

-- Agent session tokens, stored only as SHA-256 hashes.
CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT NOT NULL REFERENCES agents(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE presence (
    agent_id     TEXT PRIMARY KEY REFERENCES agents(id),
    status       TEXT NOT NULL CHECK (status IN ('online', 'away', 'offline')),
    changed_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

-- Visitor tokens are stored only as SHA-256 hashes.
CREATE TABLE visitors (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites(id),
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    info         TEXT NOT NULL DEFAULT '{}',  -- JSON: page, userAgent, language
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites(id),
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    status      TEXT NOT NULL CHECK (status IN ('queued', 'assigned', 'closed')),
    agent_id    TEXT REFERENCES agents(id),
    last_seq    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    queued_at   INTEGER,
    assigned_at INTEGER,
    closed_at   INTEGER
);
CREATE INDEX conversations_open ON conversations(status) WHERE status <> 'closed';
CREATE INDEX conversations_visitor ON conversations(visitor_id, created_at);

-- seq is per conversation, 1, 2, 3 … with no gaps; client_id makes resends idempotent.
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq          INTEGER NOT NULL,
    client_id    TEXT NOT NULL,
    author_role  TEXT NOT NULL CHECK (author_role IN ('visitor', 'agent', 'system')),
    author_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

-- Everything that happens to a conversation, in order: the source of truth for metrics.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT,
    type            TEXT NOT NULL,
    agent_id        TEXT,
    payload         TEXT NOT NULL DEFAULT '{}',
    at              INTEGER NOT NULL
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_conversation ON events(conversation_id, id);
