#pragma once
// The double-entry ledger's storage (TigerBeetle's model, on SQL):
//
// - An account's balance is credits - debits. Accounts flagged `must_not_overdraw` (personal
//   accounts) keep cached `debits_posted`/`credits_posted` and refuse any posting that would
//   make debits exceed credits, checked and applied by one conditional UPDATE, so two
//   concurrent spends can never both pass.
// - Unbounded accounts (fund pools, institution receivables, cash desks, contribution income)
//   keep no running totals: every settlement in a region or at an institution touches them, and
//   a cached total would make all those settlements queue on one row lock until each commits.
//   Nothing decides on their balance, so it is summed from their entries when asked (balance).
// - A transfer is immutable and carries a client-chosen idempotency key under a UNIQUE
//   constraint: posting the same transfer again (same kind, same legs in the same order)
//   returns the first one and moves nothing; a different transfer under a used key is refused
//   (LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS). A correction is a new transfer.
// - post() locks the touched bounded accounts in ascending id order (the fixed order that
//   prevents deadlocks), updates their totals and inserts the entries, all in the caller's
//   transaction.
// - Holds (issue 16) are TigerBeetle's pending transfers: a hold reserves part of one bounded
//   account (`debits_pending`), which its owner can then not spend. A leg that names a hold
//   spends from it; a reversal's leg that names it restores it, if the hold is still pending
//   (else the money comes back free). Holds are locked before accounts, each in ascending id
//   order, by every operation that touches both.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace yibao::store {

struct LedgerAccount {
  std::int64_t id = 0;
  std::string code;
  std::string kind;
  std::optional<std::int64_t> person_id;
  std::string admdvs;
  std::int64_t debits_posted = 0;   // cached for must_not_overdraw accounts only (else 0)
  std::int64_t credits_posted = 0;
  std::int64_t debits_pending = 0;  // held (the sum of its pending holds); bounded accounts only
  bool must_not_overdraw = false;
  // The cached balance: right for must_not_overdraw accounts; LedgerRepo::balance for any.
  std::int64_t balance() const { return credits_posted - debits_posted; }
  // What the owner may spend: the balance less what holds reserve.
  std::int64_t available() const { return balance() - debits_pending; }
};

struct LedgerLeg {
  std::int64_t debit_account_id = 0;
  std::int64_t credit_account_id = 0;
  std::int64_t amount = 0;  // fen, > 0
  std::string rule;         // why this leg exists (e.g. "mutual_aid:balance_desc")
  // A hold on the debit account this leg spends from (LEDGER_HOLD_CHANGED when it no longer
  // holds the amount) …
  std::optional<std::int64_t> spends_hold{};
  // … or, a reversal's leg, a hold on the credit account it gives the money back to: restored
  // while the hold is pending, else the money comes back free. legs_of names a restored hold.
  std::optional<std::int64_t> restores_hold{};
};

struct HoldRow {
  std::int64_t id = 0;
  std::string idempotency_key;
  std::string kind;       // quota | wallet_transfer
  std::int64_t account_id = 0;
  std::int64_t amount = 0;    // still held
  std::int64_t spent = 0;     // posted through it, net of reversals
  std::int64_t released = 0;  // given back when voided
  std::string status;     // pending | posted | voided
  std::string reference;
  std::int64_t created_at_us = 0;
};

struct HoldRequest {
  std::string idempotency_key;
  std::string kind;
  std::int64_t account_id = 0;
  std::int64_t amount = 0;  // may be 0 (a quota reserved later)
  std::string reference;
};

struct TransferRequest {
  std::string idempotency_key;
  std::string kind;       // monthly_credit | year_rollover | settlement | reversal | contribution | merge | correction
  std::string reference;  // e.g. a setl_id or "2026-11"
  std::string note;
  std::vector<LedgerLeg> legs;
};

struct PostedTransfer {
  std::int64_t id = 0;
  bool already_posted = false;  // the key existed: nothing moved this time
  // The new balance (credits − debits) of every account with running totals it moved, by id:
  // read by the same statement that moved it, under its row lock.
  std::map<std::int64_t, std::int64_t> balances_after;
};

struct LedgerEntryView {
  std::int64_t entry_id = 0;
  std::int64_t transfer_id = 0;
  std::string transfer_kind;
  std::string reference;
  std::string note;
  std::string rule;
  std::int64_t amount = 0;     // signed from the account's point of view: + credit, - debit
  std::string counter_account;  // the other side's code
  std::int64_t created_at_us = 0;
};

// Who paid what of one settlement or reversal (the spending explanation): each ledger leg of
// the transfer posted under the settlement's setl_id, from the payer's side.
struct PayerPart {
  std::string setl_id;
  std::string rule;  // the payer plan's rule, a reversal's too (own:…, wallet:balance, wallet:quota:…, mutual_aid:…, cash:…, hifp_pay)
  std::optional<std::int64_t> payer_person_id;  // the account holder, for personal accounts and wallets
  std::int64_t amount = 0;  // what the payer paid; negative for a reversal (paid back)
};

struct AuditFinding {
  std::string account_code;
  std::string problem;
};

struct AuditReport {
  std::int64_t accounts = 0;
  std::int64_t entries = 0;
  std::int64_t total_balance = 0;  // Σ (credits - debits) over all accounts: must be 0
  std::vector<AuditFinding> findings;
  bool clean() const { return findings.empty() && total_balance == 0; }
};

class LedgerRepo {
 public:
  // The account with this code, created (with zero totals) on first use.
  static LedgerAccount ensure_account(Tx& tx, const std::string& code, const std::string& kind,
                                      std::optional<std::int64_t> person_id, const std::string& admdvs,
                                      bool must_not_overdraw, std::int64_t now_us);
  static std::optional<LedgerAccount> account(Tx& tx, const std::string& code);
  static std::optional<LedgerAccount> account_by_id(Tx& tx, std::int64_t id);
  // The accounts among these codes that exist, by code: one query for a settlement's payers.
  static std::map<std::string, LedgerAccount> accounts(Tx& tx, const std::vector<std::string>& codes);
  // Any account's balance: the cached one, or for an unbounded account the sum of its entries.
  static std::int64_t balance(Tx& tx, const LedgerAccount& account);

  // BALANCE_INSUFFICIENT (detail: the account code) when a must_not_overdraw account would go
  // below zero; LEDGER_TRANSFER_EXISTS_WITH_DIFFERENT_LEGS when the key names another transfer; FIELD_INVALID for an empty transfer, a non-positive amount or a leg that
  // debits and credits one account. On a refusal the caller's transaction must roll back
  // (Database::write does so when the Result is returned).
  // `known`: accounts the caller read in this transaction (accounts()); when they include every
  // account of the legs, post does not read them again (which keep running totals never changes).
  static core::Result<PostedTransfer> post(Tx& tx, const TransferRequest& request, std::int64_t now_us,
                                           const std::map<std::string, LedgerAccount>* known = nullptr);

  static bool transfer_exists(Tx& tx, const std::string& idempotency_key);
  // The legs of a posted transfer, in entry order (empty when the key is unknown); a reversal
  // posts them with debit and credit swapped.
  static std::vector<LedgerLeg> legs_of(Tx& tx, const std::string& idempotency_key);

  // The payer legs of these settlements and reversals, in one read (entry order).
  static std::vector<PayerPart> payer_parts(Tx& tx, const std::vector<std::string>& setl_ids);

  // Newest first; `before_entry_id` pages backwards (0 = from the newest).
  static std::vector<LedgerEntryView> entries_of(Tx& tx, std::int64_t account_id, int limit, std::int64_t before_entry_id);

  // Holds. place_hold: a new pending hold (the same key again returns the first and holds
  // nothing more); BALANCE_INSUFFICIENT when the account's available balance is short.
  static core::Result<HoldRow> place_hold(Tx& tx, const HoldRequest& request, std::int64_t now_us);
  // Raises (delta > 0, BALANCE_INSUFFICIENT when not available) or lowers a pending hold;
  // LEDGER_HOLD_CHANGED when it is no longer pending or would go below zero.
  static core::Result<HoldRow> adjust_hold(Tx& tx, std::int64_t hold_id, std::int64_t delta, std::int64_t now_us);
  // Ends a pending hold: "voided" gives what it still holds back to the account; "posted" (a
  // hold spent in full) requires nothing to be left. nullopt when it was not pending any more.
  static std::optional<HoldRow> close_hold(Tx& tx, std::int64_t hold_id, const std::string& status, std::int64_t now_us);
  static std::vector<HoldRow> holds_by_reference(Tx& tx, const std::vector<std::string>& references);

  // Recomputes every account from the entries and checks the invariants, holds included: an
  // account's pending debits are its pending holds, and never exceed its balance.
  static AuditReport audit(Tx& tx);
};

}  // namespace yibao::store
