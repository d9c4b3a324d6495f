-- Issue 14: money correctness after merges and replays.

-- 1. A replay must be the same request: every claimed (institution, msgid) keeps the digest of
--    the request's input (fsi::input_digest). Rows stored before keep '' and are compared by
--    infno only, as they were.
ALTER TABLE fsi_replies ADD COLUMN input_digest TEXT NOT NULL DEFAULT '';

-- 2. The monthly credit and the rollover look transfers up by kind and period.
CREATE INDEX ledger_transfers_by_kind_reference ON ledger_transfers (kind, reference);

-- 3. Stores merged before this version: a merge moved every enrolment of the merged-away record,
--    so the kept record can hold two live enrolments of one insutype and 统筹区, and the monthly
--    credit (keyed by enrolment then) paid each. The duplicate goes back to the merged-away
--    record as history; the one kept is the current one, else the oldest.
UPDATE enrolments SET is_current = 0, person_id = (
    SELECT MIN(m.id) FROM persons m WHERE m.merged_into = enrolments.person_id)
  WHERE status <> 'terminated'
    AND EXISTS (SELECT 1 FROM persons m WHERE m.merged_into = enrolments.person_id)
    AND EXISTS (SELECT 1 FROM enrolments k WHERE k.person_id = enrolments.person_id AND k.id <> enrolments.id
                AND k.status <> 'terminated' AND k.insutype = enrolments.insutype AND k.admdvs = enrolments.admdvs
                AND (k.is_current > enrolments.is_current
                     OR (k.is_current = enrolments.is_current AND k.id < enrolments.id)));

-- 4. The credits such a store already paid twice: every monthly credit after the first one into
--    one 当年 account for one month is taken back by a correction transfer (the original stays,
--    transfers are immutable), where the account still holds it all; an account that has spent
--    it is left to the agency (it shows in the account's statement as two credits that month).
CREATE TEMPORARY TABLE duplicate_credits AS
  SELECT t.id AS transfer_id, t.reference AS month, e.credit_account_id AS account_id,
         e.debit_account_id AS source_id, e.amount AS amount
  FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
  WHERE t.kind = 'monthly_credit' AND t.id > (
    SELECT MIN(t2.id) FROM ledger_transfers t2 JOIN ledger_entries e2 ON e2.transfer_id = t2.id
    WHERE t2.kind = 'monthly_credit' AND t2.reference = t.reference AND e2.credit_account_id = e.credit_account_id);
DELETE FROM duplicate_credits WHERE account_id IN (
  SELECT d.account_id FROM duplicate_credits d JOIN ledger_accounts a ON a.id = d.account_id
  GROUP BY d.account_id, a.credits_posted, a.debits_posted
  HAVING a.credits_posted - a.debits_posted < SUM(d.amount));
INSERT INTO ledger_transfers (idempotency_key, kind, reference, note, amount, created_at_us)
  SELECT 'correction:duplicate_credit:' || transfer_id, 'correction', month,
         '同一月份重复划入的个人账户资金冲回（重复人员信息合并所致）', amount, {{now_us}}
  FROM duplicate_credits;
INSERT INTO ledger_entries (transfer_id, debit_account_id, credit_account_id, amount, rule, created_at_us)
  SELECT t.id, d.account_id, d.source_id, d.amount, 'correction:duplicate_monthly_credit', t.created_at_us
  FROM duplicate_credits d JOIN ledger_transfers t ON t.idempotency_key = 'correction:duplicate_credit:' || d.transfer_id;
UPDATE ledger_accounts SET debits_posted = debits_posted + (
    SELECT SUM(d.amount) FROM duplicate_credits d WHERE d.account_id = ledger_accounts.id)
  WHERE must_not_overdraw = 1 AND id IN (SELECT account_id FROM duplicate_credits);
DROP TABLE duplicate_credits;
