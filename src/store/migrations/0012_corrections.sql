-- Issue 15: 2601 冲正 finds the transaction an institution sent by its msgid, and can undo a
-- reversal as well as a settlement.

-- A visit remembers the msgid of the 2201/2401 that opened it.
ALTER TABLE fsi_visits ADD COLUMN msgid TEXT NOT NULL DEFAULT '';
CREATE INDEX fsi_visits_by_msgid ON fsi_visits (institution_code, msgid);
CREATE INDEX settlements_by_msgid ON settlements (institution_code, msgid);

-- A settlement that 2601 undid, and the reversal 2601 made for it: the institution never
-- knew of either, so reconciliation (3201/3202) leaves both out.
ALTER TABLE settlements ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0;

-- A fee detail reopened by a reversal remembers the settlement it belonged to, so undoing that
-- reversal can settle exactly those details again.
ALTER TABLE fsi_fee_details ADD COLUMN reopened_from TEXT;
CREATE INDEX fsi_fee_details_reopened_from ON fsi_fee_details (reopened_from);

-- Files institutions upload (9101) and download (9102): 3202's detail files and the
-- difference files it answers. Kept per institution, size-limited, expiring at expires_at_us.
CREATE TABLE fsi_files (
  id {{auto_id}},
  file_qury_no TEXT NOT NULL UNIQUE,
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  filename TEXT NOT NULL,
  origin TEXT NOT NULL,                              -- upload | reconciliation
  content_base64 TEXT NOT NULL,                      -- base64: one text type both stores bind alike
  size_bytes BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL,
  expires_at_us BIGINT NOT NULL
);
CREATE INDEX fsi_files_by_expiry ON fsi_files (expires_at_us);
