-- Canned responses are shared with the team (owner_id NULL; admins change them) or one agent's
-- own (owner_id; only that agent sees and changes them). A shortcut is unique among the shared
-- ones and among each agent's own, so the table is rebuilt without the old UNIQUE (shortcut).

CREATE TABLE canned_responses_new (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT REFERENCES agents(id),
    shortcut    TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT
);

INSERT INTO canned_responses_new (id, owner_id, shortcut, title, body, updated_at, updated_by)
    SELECT id, NULL, shortcut, title, body, updated_at, updated_by FROM canned_responses;

DROP TABLE canned_responses;

ALTER TABLE canned_responses_new RENAME TO canned_responses;

CREATE UNIQUE INDEX canned_responses_shortcut
    ON canned_responses (COALESCE(owner_id, ''), shortcut);
