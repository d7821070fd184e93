-- Encrypted blobs with revisions. The server never reads `data`: it is
-- ciphertext made in the browser. Only a hash of the write token is kept.
CREATE TABLE blobs (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    revision BIGINT NOT NULL,
    size BIGINT NOT NULL,
    data BLOB NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    deleted_ms BIGINT
);
