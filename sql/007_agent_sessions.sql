-- Sessions that can be ended. A sign-in is one session with a stable id; its token rotates at
-- every resume (the replaced one stays valid for a short overlap). A session ends when its agent
-- signs out, when an administrator disables the agent, changes its password or signs it out,
-- or when it passes its deadlines. Deadlines are written when a session is used, so reading one
-- needs no settings.
ALTER TABLE agent_sessions RENAME TO agent_sessions_v1;
-- @postgres
-- The old key's index keeps its name through the rename; the new table's would take it.
ALTER INDEX agent_sessions_pkey RENAME TO agent_sessions_v1_pkey;
-- @end

CREATE TABLE agent_sessions (
    id               TEXT PRIMARY KEY,
    agent_id         TEXT NOT NULL REFERENCES agents(id),
    signed_in_at     INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,  -- the absolute end
    idle_expires_at  INTEGER NOT NULL,  -- moves on while the session is used
    ended_at         INTEGER,
    end_reason       TEXT               -- signed_out, signed_out_by_admin, password_changed, ...
);
CREATE INDEX agent_sessions_agent ON agent_sessions(agent_id);

-- Tokens, stored only as SHA-256 hashes. expires_at NULL: valid as long as its session.
CREATE TABLE agent_session_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES agent_sessions(id) ON DELETE CASCADE,
    expires_at  INTEGER
);
CREATE INDEX agent_session_tokens_session ON agent_session_tokens(session_id);

-- Each earlier token becomes a session of its own, with no idle deadline until it is next used.
INSERT INTO agent_sessions (id, agent_id, signed_in_at, expires_at, idle_expires_at)
    SELECT token_hash, agent_id, created_at, expires_at, expires_at FROM agent_sessions_v1;
INSERT INTO agent_session_tokens (token_hash, session_id)
    SELECT token_hash, token_hash FROM agent_sessions_v1;
DROP TABLE agent_sessions_v1;

-- Moves whenever a session may have to end before its deadlines. A running server reads it
-- every 250 ms and checks its live sessions when it moved, so `chat-server agent disable`,
-- `passwd` and `sign-out`, run against the database from another process, reach connected
-- agents within a second.
CREATE TABLE session_changes (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO session_changes (id, version) VALUES (1, 0);

-- @sqlite
CREATE TRIGGER agent_session_ended AFTER UPDATE OF ended_at ON agent_sessions
BEGIN
    UPDATE session_changes SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER agent_access_changed AFTER UPDATE OF disabled, password_hash ON agents
BEGIN
    UPDATE session_changes SET version = version + 1 WHERE id = 1;
END;
-- @end
-- @postgres
CREATE FUNCTION session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE session_changes SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER agent_session_ended AFTER UPDATE OF ended_at ON agent_sessions
    FOR EACH ROW EXECUTE FUNCTION session_changed();
CREATE TRIGGER agent_access_changed AFTER UPDATE OF disabled, password_hash ON agents
    FOR EACH ROW EXECUTE FUNCTION session_changed();
-- @end
