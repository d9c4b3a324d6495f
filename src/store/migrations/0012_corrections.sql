-- Issue 15: 2601 冲正 finds the transaction an institution sent by its msgid, and can undo a
-- reversal as well as a settlement.

-- A visit remembers the msgid of the 2201/2401 that opened it.
ALTER TABLE fsi_visits ADD COLUMN msgid TEXT NOT NULL DEFAULT '';
CREATE INDEX fsi_visits_by_msgid ON fsi_visits (institution_code, msgid);
CREATE INDEX settlements_by_msgid ON settlements (institution_code, msgid);

-- A fee detail reopened by a reversal remembers the settlement it belonged to, so undoing that
-- reversal can settle exactly those details again.
ALTER TABLE fsi_fee_details ADD COLUMN reopened_from TEXT;
CREATE INDEX fsi_fee_details_reopened_from ON fsi_fee_details (reopened_from);
