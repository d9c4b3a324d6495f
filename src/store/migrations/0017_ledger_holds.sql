-- Issue 16 (医保钱包 and the 2026 cross-province 家庭共济) starts here: ledger holds, on which
-- 共济额度 and unaccepted wallet transfers are built.
--
-- Holds are TigerBeetle's pending transfers on SQL. A hold reserves part of a bounded account:
-- the account's `debits_pending` is the sum of its pending holds, and what the owner may spend
-- is credits_posted - debits_posted - debits_pending (never below zero). A hold is spent by
-- ledger entries that name it (`ledger_entries.hold_id`), voided when it ends, and a reversal's
-- entry that names it puts the money back under the hold.
ALTER TABLE ledger_accounts ADD COLUMN debits_pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN hold_id BIGINT;

CREATE TABLE ledger_holds (
  id {{auto_id}},
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                      -- quota | wallet_transfer
  account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),  -- the account it reserves
  amount BIGINT NOT NULL CHECK (amount >= 0),  -- still held (pending)
  spent BIGINT NOT NULL CHECK (spent >= 0),    -- posted through it, net of reversals
  released BIGINT NOT NULL CHECK (released >= 0),  -- given back when it was voided
  status TEXT NOT NULL,                    -- pending | posted | voided
  reference TEXT NOT NULL,                 -- quota:<id> | wallet_transfer:<id>
  created_at_us BIGINT NOT NULL,
  updated_at_us BIGINT NOT NULL
);
CREATE INDEX ledger_holds_by_account ON ledger_holds (account_id, status);
CREATE INDEX ledger_holds_by_reference ON ledger_holds (reference);
