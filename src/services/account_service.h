#pragma once
// The personal account (个人账户, domain.md §8): 当年 and 历年 balances in the double-entry
// ledger, the monthly credit (划入) and the year-end rollover of 当年 into 历年. Only
// employee-insured (310) persons have one.
//
// Both jobs are idempotent per period: every posting carries the key of its period
// ("monthly_credit:<enrolment>:<YYYY-MM>", "rollover:<person>:<YYYY>"), so running a job twice,
// or resuming one that stopped half-way, moves each fen once. They work in batches of
// kJobBatch postings per transaction and report progress after each batch.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/payer_plan.h"
#include "services/service_context.h"
#include "store/ledger_repo.h"

namespace yibao::services {

// Ledger account codes.
std::string current_account_code(std::int64_t person_id);   // 当年
std::string prior_account_code(std::int64_t person_id);     // 历年
std::string wallet_account_code(std::int64_t person_id);    // 医保钱包 (issue 16)
std::string contribution_income_code(const std::string& admdvs);  // where 划入 money comes from

// The person's two balances, creating the accounts if needed (inside a write transaction).
domain::AccountBalances ensure_personal_accounts(store::Tx& tx, std::int64_t person_id, const std::string& admdvs,
                                                 std::int64_t now_us);
// Balances here are what the person may spend: held parts (issue 16's holds) are left out.
// Read-only: zero for a person without accounts.
domain::AccountBalances personal_balances(store::Tx& tx, std::int64_t person_id);
// The same for several persons in one query (a settlement's patient and authorisers); a person
// without accounts holds 0. `also`: more account codes to read in that query (a settlement's
// fund, receivable and cash desk); `read` (when given) receives every account found, by code.
std::map<std::int64_t, domain::AccountBalances> personal_balances_of(
    store::Tx& tx, const std::vector<std::int64_t>& person_ids, const std::vector<std::string>& also = {},
    std::map<std::string, store::LedgerAccount>* read = nullptr);

inline constexpr int kJobBatch = 500;

struct JobReport {
  std::string period;
  std::int64_t considered = 0;      // candidates looked at
  std::int64_t posted = 0;          // transfers made by this run
  std::int64_t already_posted = 0;  // done by an earlier run (idempotency key existed)
  std::int64_t skipped = 0;         // nothing to move (zero amount or balance)
  std::int64_t moved_fen = 0;

  void add(const JobReport& batch) {
    considered += batch.considered;
    posted += batch.posted;
    already_posted += batch.already_posted;
    skipped += batch.skipped;
    moved_fen += batch.moved_fen;
  }
};

using JobProgress = std::function<void(const JobReport&)>;

class AccountService {
 public:
  explicit AccountService(ServiceContext& ctx) : ctx_(ctx) {}

  // 划入 for `month` ("YYYY-MM"): every 310 enrolment in force on the month's first day, in the
  // region(s) `scope` covers ("" = all; a staff member's admdvs otherwise).
  core::Result<JobReport> run_monthly_credit(const std::string& month, const std::string& scope,
                                             const JobProgress& progress = {});
  // Year-end: moves each 当年 balance into 历年. Refused per person once a credit of the next year
  // exists for them (ROLLOVER_TOO_LATE counts them as skipped and reports them).
  core::Result<JobReport> run_year_rollover(const std::string& year, const std::string& scope,
                                            const JobProgress& progress = {});

  struct Statement {
    bool has_account = false;
    domain::AccountBalances balances;
    std::vector<store::LedgerEntryView> entries;  // of the chosen sub-account, newest first
  };
  // `which` is "current" or "prior".
  Statement statement(std::int64_t person_id, const std::string& which, int limit, std::int64_t before_entry_id);

  store::AuditReport audit();

 private:
  ServiceContext& ctx_;
};

}  // namespace yibao::services
