-- Files attached to messages. The bytes are stored once on disk, named by their SHA-256, in
-- the files folder beside the database; a row here is one upload into one conversation.
CREATE TABLE files (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    sha256          TEXT NOT NULL,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    image           INTEGER NOT NULL DEFAULT 0,
    width           INTEGER NOT NULL DEFAULT 0,
    height          INTEGER NOT NULL DEFAULT 0,
    uploader_role   TEXT NOT NULL CHECK (uploader_role IN ('visitor', 'agent')),
    uploader_id     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    -- The same bytes under the same name into the same conversation are one upload.
    UNIQUE (conversation_id, sha256, name)
);
CREATE INDEX files_sha256 ON files(sha256);

ALTER TABLE messages ADD COLUMN file_id TEXT REFERENCES files(id);
CREATE INDEX messages_file ON messages(file_id) WHERE file_id IS NOT NULL;

-- Search finds a message by its file's name too.
-- @sqlite
CREATE VIRTUAL TABLE files_fts USING fts5(name, content='files', content_rowid='rowid');

CREATE TRIGGER files_fts_insert AFTER INSERT ON files
BEGIN
    INSERT INTO files_fts (rowid, name) VALUES (new.rowid, new.name);
END;

-- An upload no message took up is removed by `chat-server files prune`; its name leaves the index.
CREATE TRIGGER files_fts_delete AFTER DELETE ON files
BEGIN
    INSERT INTO files_fts (files_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
-- @end
-- @postgres
-- A name's words split at every mark, as SQLite's tokenizer splits them (MessageTable::search).
CREATE INDEX files_words ON files
    USING gin (to_tsvector('simple', regexp_replace(name, '\W+', ' ', 'g')));
-- @end
