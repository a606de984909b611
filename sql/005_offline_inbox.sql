-- The agents' offline inbox: an offline message is new until an agent claims it, and stays in the
-- inbox until it is marked done. Offline messages stored before this were never seen by anyone.

ALTER TABLE conversations ADD COLUMN offline_state TEXT
    CHECK (offline_state IS NULL OR offline_state IN ('new', 'claimed', 'done'));
ALTER TABLE conversations ADD COLUMN claimed_by TEXT REFERENCES agents(id);
UPDATE conversations SET offline_state = 'new' WHERE offline = 1;
CREATE INDEX conversations_offline_inbox ON conversations(created_at)
    WHERE offline = 1 AND offline_state <> 'done';
