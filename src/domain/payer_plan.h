#pragma once
// The payer plan (domain.md §8, issue 4): who pays the patient's personal share, a pure
// function the settlement engine calls. Order: the patient's own account (当年 then 历年, or as
// policy says), then the mutual-aid authorisers in `mutual_aid_order`, drawing only 历年 under
// `mutual_aid_source = prior_years`; cash for the rest. Only the part inside the personal-account
// payment scope (个账支付范围) may be paid from accounts. Every line names the rule that put it
// there, and every authorisation that was passed over says why.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/policy.h"

namespace yibao::domain {

enum class VisitType { outpatient, inpatient, pharmacy };

struct AccountBalances {
  std::int64_t current = 0;  // 当年
  std::int64_t prior = 0;    // 历年
};

struct AidSource {
  std::int64_t authorisation_id = 0;
  std::int64_t authoriser_person_id = 0;
  std::chrono::year_month_day effective_from{};
  std::int64_t filing_sequence = 0;  // order of filing, for mutual_aid_order = filing_order
  AccountBalances balances;
  // A 共济额度 (issue 16) instead of an authorisation: `balances` are what the giver's holds
  // still reserve, `authorisation_id` is the quota's id. A quota pays from the day it is set,
  // stays in force for a stay admitted before it, and both its parts pay whatever the source
  // knob (the knob was obeyed when the giver set it).
  bool quota = false;
  std::optional<std::int64_t> hold_current;  // the hold on the giver's 当年 account
  std::optional<std::int64_t> hold_prior;    // … and on the 历年 account
};

struct PayerPlanInput {
  std::int64_t share_in_account_scope = 0;   // fen of the personal share accounts may pay
  std::int64_t share_outside_scope = 0;      // fen only cash may pay (public health, wellness …)
  bool use_account = true;                   // acct_used_flag
  bool patient_has_account = false;          // employee insurance (310) only
  AccountBalances own;
  std::int64_t wallet_balance = 0;           // the patient's 医保钱包 (issue 16)
  VisitType visit = VisitType::outpatient;
  std::optional<std::chrono::year_month_day> admission_date;  // inpatient stays
  std::chrono::year_month_day today{};
  std::vector<AidSource> aid;                // authorisations on record, already in scope
  RegionPolicy policy;
};

enum class Payer { own_current, own_prior, wallet, aid_current, aid_prior, cash };

struct PlanLine {
  Payer payer;
  std::optional<std::int64_t> authorisation_id;
  std::optional<std::int64_t> authoriser_person_id;
  std::int64_t amount = 0;
  std::string rule;
  std::optional<std::int64_t> hold_id{};  // a quota's hold this line spends
};

struct PassedOver {
  std::int64_t authorisation_id = 0;
  std::chrono::year_month_day effective_from{};
  std::string rule;  // mutual_aid:not_yet_effective | mutual_aid:effective_after_admission | mutual_aid:no_balance | wallet:quota_used_up
};

// Why mutual aid paid nothing while the patient has authorisers and pays cash (issue 15): the
// counter and the family are told instead of finding a bare acct_mulaid_pay 0.00.
struct AidSilence {
  std::string rule;  // mutual_aid:acct_used_flag_0 | mutual_aid:outside_account_scope | the first passed-over rule
  std::string text;  // Chinese, for warn_msg and the setldetail memo line
};

struct PayerPlan {
  std::vector<PlanLine> lines;
  std::vector<PassedOver> passed_over;
  std::optional<AidSilence> aid_silence;  // set only when authorisers exist, aid paid 0 and cash > 0
  std::int64_t acct_pay = 0;         // own account only
  std::int64_t acct_mulaid_pay = 0;  // all authorisers, quotas and the wallet
  std::int64_t cash = 0;
  std::int64_t total() const { return acct_pay + acct_mulaid_pay + cash; }
};

PayerPlan plan_payers(const PayerPlanInput& input);

std::string_view payer_code(Payer payer);

}  // namespace yibao::domain
