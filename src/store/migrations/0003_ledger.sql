-- The double-entry ledger (issue 4; domain.md §8), after TigerBeetle: accounts with cached
-- posted totals, immutable transfers identified by a client-chosen idempotency key, and their
-- entries. A balance changes only by inserting entries in the same transaction that updates
-- the cached totals; `yibao audit` recomputes every total from the entries.

CREATE TABLE ledger_accounts (
  id {{auto_id}},
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  person_id BIGINT REFERENCES persons (id),
  admdvs TEXT,
  debits_posted BIGINT NOT NULL,
  credits_posted BIGINT NOT NULL,
  -- 1: debits may never exceed credits (a personal account never goes below zero).
  must_not_overdraw INTEGER NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE INDEX ledger_accounts_by_person ON ledger_accounts (person_id);

CREATE TABLE ledger_transfers (
  id {{auto_id}},
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  reference TEXT NOT NULL,
  note TEXT NOT NULL,
  amount BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL
);

CREATE TABLE ledger_entries (
  id {{auto_id}},
  transfer_id BIGINT NOT NULL REFERENCES ledger_transfers (id),
  debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  rule TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE INDEX ledger_entries_by_debit ON ledger_entries (debit_account_id, id);
CREATE INDEX ledger_entries_by_credit ON ledger_entries (credit_account_id, id);
CREATE INDEX ledger_entries_by_transfer ON ledger_entries (transfer_id);
