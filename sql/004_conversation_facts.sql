-- Queue metrics: one row of facts per conversation, folded from the events log in the same
-- transaction as the events (server/metrics/conversationfacts.h defines the facts). The rows are
-- derived data: the server folds the whole log again when metrics_state.facts_version differs
-- from its own, so they can always be rebuilt from `events`.
--
-- Clustered by creation time (WITHOUT ROWID): a report reads one contiguous run of rows. The
-- columns a report filters or groups by are columns; everything else is one packed `facts`
-- value (FactTable's codec), so a scan touches four columns per row.

CREATE TABLE conversation_facts (
    created_at      INTEGER NOT NULL,
    conversation_id TEXT NOT NULL,
    site_id         TEXT NOT NULL DEFAULT '',
    department_id   TEXT NOT NULL DEFAULT '',
    agent_id        TEXT NOT NULL DEFAULT '',   -- handling agent
    responder_id    TEXT NOT NULL DEFAULT '',   -- first responder
    is_open         INTEGER NOT NULL DEFAULT 0,
    facts           BLOB NOT NULL,
    PRIMARY KEY (created_at, conversation_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX conversation_facts_id ON conversation_facts(conversation_id);
CREATE INDEX conversation_facts_open ON conversation_facts(is_open) WHERE is_open = 1;

CREATE TABLE metrics_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Presence changes of one agent in a time range, without scanning conversation events.
CREATE INDEX events_presence ON events(agent_id, at) WHERE conversation_id IS NULL;
