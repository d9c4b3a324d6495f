#pragma once
// The settlement's decisions (issue 17: load → decide → apply), pure: no transaction, no clock,
// no I/O. A load step (settlement_load.h) reads everything a call needs into a facts struct;
// these functions return the complete outcome — the rows to write, the ledger legs, the
// accumulator change, the answer — or the reason it is refused; an apply step writes it.
// Unit tests call them with hand-built facts (tests/unit/settlement_decide_test.cc).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/settlement_calculator.h"
#include "services/settlement_service.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"
#include "store/people_repo.h"
#include "store/settlement_repo.h"

namespace yibao::services {

// What the calculator needs to price a set of details, read by the load step.
struct PricingFacts {
  store::InstitutionRow institution;  // the place of treatment (its level)
  store::EnrolmentRow enrolment;      // the paying enrolment (insured place, insutype, psn_type)
  domain::RegionPolicy region;        // the insured place's knobs (参保地政策)
  std::string visit_kind;             // outpatient | inpatient | pharmacy
  std::vector<store::FeeRow> fees;    // already classified by the place of treatment's catalogue
  std::vector<std::string> item_types;  // med_chrgitm_type per fee, same order
  store::YtdRow ytd;
  bool acct_used_flag = true;
  domain::AccountBalances own;        // the patient's balances (0 when payers are not read)
  std::int64_t wallet_balance = 0;    // the patient's 医保钱包 (issue 16)
  std::vector<domain::AidSource> aid;  // mutual-aid authorisers and 共济额度 in scope
  std::optional<std::chrono::year_month_day> admission;
  std::chrono::year_month_day today{};
};

struct Priced {
  domain::Settlement settlement;
  domain::SettlementPolicy policy;
  std::vector<PricedLine> lines;
};

// The calculator over the details: the insured place's deductible, ratio and cap.
core::Result<Priced> price(const PricingFacts& facts);

// Everything a settlement call (2206/2207, 2303/2304, 2101/2102) decides on.
struct SettleFacts {
  PricingFacts pricing;
  store::PersonRow person;
  store::VisitRow visit;          // pharmacy: the visit this call creates
  std::string batch;              // settlements.chrg_bchno: outpatient batch, "dscg", "" (interim, pharmacy)
  std::optional<std::string> ec_token;  // the 01 credential's token
  bool ec_token_used = false;     // a settlement already used it (a QR pays once)
  bool trace_codes_waiting = false;  // 药品追溯码 claimed with the visit's details wait for a settlement
  // The ledger accounts a settlement may move, read with the payers' balances (settle only):
  // the patient's and authorisers', the insured place's fund, the receivable and the cash desk.
  std::map<std::string, store::LedgerAccount> accounts;
  SettleRequest request;
};

// One leg of a settlement's ledger transfer, by account code (apply finds or opens the account).
struct LedgerLegPlan {
  std::string debit_code;   // the payer's account
  std::string open_as;      // "" = must exist (personal accounts); else the kind to open it as
  std::string admdvs;       // region of an account opened here
  std::int64_t amount = 0;
  std::string rule;
  std::optional<std::int64_t> spends_hold{};  // a 共济额度's hold on the payer's account
};
// What a settlement writes, and its answer.
struct SettleDecision {
  domain::Settlement settlement;
  store::SettlementRow row;
  std::vector<PricedLine> lines;
  std::string receivable_code;  // every leg credits the institution's receivable
  std::vector<LedgerLegPlan> legs;
  bool ytd_inpatient = false;   // which deductible the accumulators add to
  bool close_stay = false;      // a discharge settlement: the stay is discharged
  std::string fee_batch;        // details it settles: an outpatient batch, "" = all open ones
  std::int64_t max_fee_id = 0;  // … up to this id (details uploaded meanwhile are not settled)
  SettlementView view;          // the answer; balc is what the calculation saw
};

// When: the call's instant (setl_time), in microseconds and as a Beijing date.
struct SettleClock {
  std::chrono::system_clock::time_point now;
  std::int64_t now_us = 0;
  std::chrono::year_month_day today{};
};

// All three from one reading of the clock, so a call's stamps, serials and day agree.
inline SettleClock settle_clock_at(std::chrono::system_clock::time_point now) {
  return {now, std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count(),
          core::shanghai_date(now)};
}

// 2206/2303/2101: the same refusals as the commit, nothing to write.
core::Result<SettlementView> decide_presettlement(const SettleFacts& facts, const SettleClock& clock);

// 2207/2304/2102. `setl_id`: the serial drawn for it. Refusals: QR_CONSUMED, FSI_NOTHING_TO_SETTLE,
// FSI_SUMAMT_MISMATCH, and the calculator's (invalid policy or detail).
core::Result<SettleDecision> decide_settlement(const SettleFacts& facts, const FsiCaller& caller,
                                               const std::string& setl_id, const SettleClock& clock);

// Everything a reversal (2208/2305/2103, or 2601 of a settlement) decides on.
struct ReversalFacts {
  store::SettlementRow original;
  store::InsuredPerson insured;
  std::optional<store::VisitRow> visit;
  std::vector<store::LedgerLeg> original_legs;  // the settlement's ledger legs
};
struct ReversalDecision {
  store::SettlementRow row;  // the negated reversal row
  store::TransferRequest transfer;  // every leg back where it came from
  bool ytd_inpatient = false;
  bool reopen_stay = false;  // a discharge settlement reversed: the stay is open again
  std::string trace_release;  // reversed | corrected (2601)
  SettlementView view;        // balc filled in by the apply step
};

ReversalDecision decide_reversal(const ReversalFacts& facts, const FsiCaller& caller, const std::string& setl_id,
                                 const SettleClock& clock);

}  // namespace yibao::services
