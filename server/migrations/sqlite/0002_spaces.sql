-- Spaces: a blob created with `X-Floe-Space: <index blob id>` (and that
-- blob's write token) belongs to that space; the space's total size is
-- limited. The server knows only which blobs belong together, never what
-- they hold (the index listing them is encrypted too).
ALTER TABLE blobs ADD COLUMN space TEXT;
CREATE INDEX blobs_space ON blobs (space);
