-- Identity verification for logged-in site users. A site's backend signs its user's id, email
-- and an expiry with the site's identity secret (HMAC-SHA256); the server checks the signature.
-- The secret is stored as is: the server needs it to compute the HMAC, so it cannot be hashed.
-- identity_mode: off (signatures ignored), optional (verified users are recognised, anonymous
-- visitors still welcome) or required (a hello without a valid signature is refused).
ALTER TABLE sites ADD COLUMN identity_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN identity_mode TEXT NOT NULL DEFAULT 'off'
    CHECK (identity_mode IN ('off', 'optional', 'required'));

-- The site's own user id of a verified visitor; NULL for anonymous ones. One visitor per user
-- and site, so the same user on another device finds the same visitor and its conversations.
ALTER TABLE visitors ADD COLUMN user_id TEXT;
CREATE UNIQUE INDEX visitors_site_user ON visitors(site_id, user_id) WHERE user_id IS NOT NULL;
