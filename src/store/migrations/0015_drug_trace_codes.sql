-- 药品追溯码 (issue 15 §8): every box (or split of a box) a HIS or pharmacy reports sold with
-- its trace code — with fee details (2204/2301), at settlement (2207/2304/2102) or as a sale
-- upload (3505) — is a use of that code. A use is released, never deleted, when its sale is
-- undone: fee details cancelled, visit cancelled, settlement reversed or 冲正'd, goods
-- returned (3506). A code whose whole box is already sold and not released is refused
-- (回流药); the citizen's 扫码查药 counts the sales.

-- One row per code ever used: the row lock serialises two claims of one code (PostgreSQL),
-- so the check "is it sold?" and the claim cannot interleave.
CREATE TABLE drug_trace_codes (
  drug_trac_codg TEXT PRIMARY KEY,
  last_claim_at_us BIGINT NOT NULL
);

CREATE TABLE drug_trace_uses (
  id {{auto_id}},
  drug_trac_codg TEXT NOT NULL REFERENCES drug_trace_codes (drug_trac_codg),
  trdn_flag TEXT NOT NULL,                 -- 0 whole box, 1 split (拆零)
  min_prcunt_type TEXT NOT NULL,           -- as sent ("" when not)
  institution_code TEXT NOT NULL REFERENCES institutions (code),
  source_infno TEXT NOT NULL,              -- 2204 | 2301 | 2207 | 2304 | 2102 | 3505
  msgid TEXT NOT NULL,                     -- of the call that claimed it
  visit_id BIGINT REFERENCES fsi_visits (id),  -- none for 3505
  feedetl_sn TEXT NOT NULL,                -- the fee line it was sold on ("" for 3505)
  setl_id TEXT,                            -- the settlement that paid for it, once settled
  person_id BIGINT REFERENCES persons (id),
  med_list_codg TEXT NOT NULL,
  sold_at_us BIGINT NOT NULL,
  released_at_us BIGINT,
  release_kind TEXT,                       -- fee_cancelled | visit_cancelled | reversed | corrected | returned
  released_by TEXT                         -- msgid of the call that released it
);
-- At most one unreleased whole-box sale per code, whatever the race.
CREATE UNIQUE INDEX drug_trace_uses_one_whole_box ON drug_trace_uses (drug_trac_codg)
  WHERE released_at_us IS NULL AND trdn_flag = '0';
CREATE INDEX drug_trace_uses_by_code ON drug_trace_uses (drug_trac_codg, id);
CREATE INDEX drug_trace_uses_by_visit ON drug_trace_uses (visit_id, feedetl_sn);
CREATE INDEX drug_trace_uses_by_settlement ON drug_trace_uses (setl_id);
CREATE INDEX drug_trace_uses_by_release ON drug_trace_uses (released_by);
