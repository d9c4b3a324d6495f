-- Issue 16: the 个人医保钱包 of the 2026 cross-province 家庭共济, on the ledger holds of 0017.
--
-- A wallet is opened once per person (by themselves, or by a relative who holds their 亲情账户
-- binding: 代开通). Money a relative sent and the person accepted sits on the ledger account
-- `wallet:<person>`; a 共济额度 and an unaccepted transfer are holds on the giver's personal
-- accounts (ledger_holds.reference = 'quota:<id>' / 'wallet_transfer:<id>').
CREATE TABLE wallets (
  person_id BIGINT PRIMARY KEY REFERENCES persons (id),
  opened_by_person_id BIGINT NOT NULL REFERENCES persons (id),  -- the person, or the relative who opened it
  channel TEXT NOT NULL,
  opened_at_us BIGINT NOT NULL
);

-- 共济额度: what a giver reserves for one relative. `amount` is what the giver last set; what is
-- still reservable is the sum of its holds (历年 and 当年), which the relative's settlements spend.
CREATE TABLE wallet_quotas (
  id {{auto_id}},
  giver_person_id BIGINT NOT NULL REFERENCES persons (id),
  receiver_person_id BIGINT NOT NULL REFERENCES persons (id),
  relation TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  status TEXT NOT NULL,            -- active | ended
  end_reason TEXT,                 -- lowered_to_zero | giver_not_eligible | receiver_not_insured | unbound
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL
);
CREATE UNIQUE INDEX wallet_quotas_one_active ON wallet_quotas (giver_person_id, receiver_person_id)
  WHERE status = 'active';
CREATE INDEX wallet_quotas_by_receiver ON wallet_quotas (receiver_person_id, status);

-- Wallet transfers (the 2025 pilot): held on the giver's accounts until the receiver accepts
-- (posted to the receiver's wallet) or 06:00 the next day passes (voided: returned).
CREATE TABLE wallet_transfers (
  id {{auto_id}},
  giver_person_id BIGINT NOT NULL REFERENCES persons (id),
  receiver_person_id BIGINT NOT NULL REFERENCES persons (id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL,            -- pending | accepted | returned | reversed
  sent_day TEXT NOT NULL,          -- the Beijing day it was sent (the daily limit counts these)
  sent_at_us BIGINT NOT NULL,
  returns_at_us BIGINT NOT NULL,   -- 06:00 Beijing time the day after
  closed_at_us BIGINT,
  closed_by TEXT,                  -- receiver | return_job | staff:<username>
  close_note TEXT
);
CREATE INDEX wallet_transfers_by_giver ON wallet_transfers (giver_person_id, sent_day);
CREATE INDEX wallet_transfers_by_receiver ON wallet_transfers (receiver_person_id, status);
CREATE INDEX wallet_transfers_due ON wallet_transfers (status, returns_at_us);
