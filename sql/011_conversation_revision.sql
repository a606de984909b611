-- Each change of a conversation's state (status, agent, department, offline inbox, rating)
-- counts its revision up. The nodes of a cluster keep the open conversations in memory and hear
-- of one another's changes over a bus that may deliver a change late: a node keeps the newest
-- revision it has and ignores an older state arriving after it.
ALTER TABLE conversations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
