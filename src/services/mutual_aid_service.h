#pragma once
// 家庭共济 use cases (domain.md §8): filing (备案), authorising a relative, revoking, the
// what-if/diagnose check, the automatic dissolution hook that every enrolment change calls,
// and the authorisers' balances the settlement's payer plan draws on.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/mutual_aid_rules.h"
#include "domain/payer_plan.h"
#include "services/service_context.h"
#include "store/ledger_repo.h"
#include "store/mutual_aid_repo.h"

namespace yibao::services {

struct AidCheck {
  std::vector<core::Error> blockers;             // to authorise now: every rule that blocks, not just the first
  std::vector<core::Error> payment_blockers;     // "can my account pay for them here now?"
  std::chrono::year_month_day effective_from{};  // if authorised today
  std::optional<std::int64_t> beneficiary_person_id;
  std::string beneficiary_name;
};

struct AidView {
  store::AuthorisationRow row;
  std::string authoriser_name;
  std::string beneficiary_name;
  std::vector<store::AidEventRow> events;
};

// The facts of one side of a gift or authorisation, from its enrolments on `today`: an
// authoriser's (giver's) side is its 职工 enrolment, a beneficiary's its current one.
domain::AidParty party_of(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, bool authoriser);
// The giver's region knobs (the defaults when it has no enrolment).
domain::RegionPolicy authoriser_policy(store::Tx& tx, const domain::AidParty& authoriser);

// Re-checks every active authorisation the person is part of and dissolves the ones whose
// rules no longer hold, recording why. Call inside the transaction of any enrolment change.
// Returns how many it dissolved.
int reevaluate_mutual_aid(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today, std::int64_t now_us);

// Who may pay a patient's share, for domain::plan_payers: the patient's own 当年/历年 balances,
// their 医保钱包, the authorisers of their active mutual-aid authorisations, each with balances,
// and the relatives' 共济额度 with what their holds reserve — read in two queries (the
// authorisations with the quotas and their holds, then every account at once). Effective dates are left for
// the plan to judge. `also`: more ledger accounts to read in the same query (a settlement's
// fund, receivable and cash desk), returned with the payers' in `accounts`.
struct PayerSources {
  domain::AccountBalances own;
  std::int64_t wallet_balance = 0;     // the patient's 医保钱包 (issue 16)
  std::vector<domain::AidSource> aid;  // authorisations, then 共济额度 (quota = true)
  std::map<std::string, store::LedgerAccount> accounts;  // every account read, by code
};
PayerSources payer_sources(store::Tx& tx, std::int64_t patient, const std::vector<std::string>& also = {});

class MutualAidService {
 public:
  explicit MutualAidService(ServiceContext& ctx) : ctx_(ctx) {}

  // Diagnose and what-if in one answer. `admission_date`: an inpatient stay being paid.
  AidCheck check(std::int64_t authoriser, const std::string& id_number, const std::string& name,
                 const std::string& relation,
                 std::optional<std::chrono::year_month_day> admission_date = std::nullopt);
  core::Status file(std::int64_t authoriser, const std::string& id_number, const std::string& name,
                    const std::string& relation, const std::string& via);
  core::Result<store::AuthorisationRow> authorise(std::int64_t authoriser, const std::string& id_number,
                                                  const std::string& name, const std::string& relation,
                                                  const std::string& via);
  core::Status revoke(std::int64_t authoriser, std::int64_t authorisation_id);
  std::vector<AidView> list(std::int64_t person_id);

 private:
  AidCheck check_in(store::Tx& tx, std::int64_t authoriser, const std::string& id_number, const std::string& name,
                    const std::string& relation,
                    std::optional<std::chrono::year_month_day> admission_date = std::nullopt);
  ServiceContext& ctx_;
};

}  // namespace yibao::services
