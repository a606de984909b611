-- Internal notes, canned responses, departments and full-text search of messages.

ALTER TABLE messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;

CREATE TABLE canned_responses (
    id          TEXT PRIMARY KEY,
    shortcut    TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT
);

CREATE TABLE departments (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites(id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (site_id, name)
);

CREATE TABLE agent_departments (
    agent_id      TEXT NOT NULL REFERENCES agents(id),
    department_id TEXT NOT NULL REFERENCES departments(id),
    PRIMARY KEY (agent_id, department_id)
);

ALTER TABLE conversations ADD COLUMN department_id TEXT REFERENCES departments(id);

-- Messages are never updated or deleted, so the index only needs to follow inserts.
-- @sqlite
CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
-- @end
-- @postgres
-- The words of each body, for the same search (MessageTable::search).
CREATE INDEX messages_words ON messages USING gin (to_tsvector('simple', body));
-- @end
