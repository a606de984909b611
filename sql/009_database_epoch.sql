-- The database's epoch: a random id made with the database (here, for existing ones too) and
-- replaced by `chat-server restore`. Clients keep it with their resume cursors; a different
-- epoch tells them that `seq` numbers may have been handed out again (a restored copy knows
-- nothing of what came after it), so they refetch instead of trusting their cursor.
CREATE TABLE database_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch TEXT NOT NULL
);
-- @sqlite
INSERT INTO database_epoch (id, epoch) VALUES (1, lower(hex(randomblob(16))));
-- @end
-- @postgres
INSERT INTO database_epoch (id, epoch) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
-- @end
