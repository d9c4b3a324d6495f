-- Unbounded ledger accounts (must_not_overdraw = 0: fund pools, institution receivables, cash
-- desks, contribution income) keep no running totals any more: every settlement of a region or
-- institution used to update their one row and queue behind the previous settlement's commit.
-- Their balance is the sum of their entries (LedgerRepo::balance); `yibao audit` checks that
-- their cached columns stay 0.
UPDATE ledger_accounts SET debits_posted = 0, credits_posted = 0 WHERE must_not_overdraw = 0;
