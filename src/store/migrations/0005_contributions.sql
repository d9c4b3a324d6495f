-- Contributions (缴费, issue 4): paying a 城乡居民 contribution for oneself or a relative, from
-- the authoriser's account under mutual aid or in cash. One per person, insurance and year.

CREATE TABLE contributions (
  id {{auto_id}},
  receipt_no TEXT NOT NULL UNIQUE,
  insured_person_id BIGINT NOT NULL REFERENCES persons (id),
  payer_person_id BIGINT NOT NULL REFERENCES persons (id),
  insutype TEXT NOT NULL,
  admdvs TEXT NOT NULL,
  year TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  paid_from TEXT NOT NULL,
  transfer_id BIGINT NOT NULL REFERENCES ledger_transfers (id),
  paid_at_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX contributions_one_per_year ON contributions (insured_person_id, insutype, year);
CREATE INDEX contributions_by_payer ON contributions (payer_person_id);
