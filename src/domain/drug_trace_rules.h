#pragma once
// 药品追溯码 rules (issue 15 §8), pure: no store, no clock. A trace code names one box of a
// drug; a whole box (trdn_flag 0) is sold once, a box sold split (拆零, trdn_flag 1) may be sold
// in several parts but never again as a whole, nor split after it was sold whole. A sale that
// was undone (its details cancelled, its settlement reversed, its goods returned) no longer
// holds the code. A code sold again while its sale stands is the mark of 回流药 — boxes bought
// on insurance and resold — and is refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace yibao::domain {

// One code as a HIS sends it (drug_trac_info[] entry, or 3505 drugtracinfo[]).
struct TraceCodeInput {
  std::string feedetl_sn;  // the fee line it was sold on ("" for 3505)
  std::string code;        // drug_trac_codg
  std::string trdn_flag = "0";
  std::string min_prcunt_type;
};

// A claim of one code by one sale: a fee line of a visit, or a 3505 sales upload.
struct TraceClaim {
  std::string code;
  std::string trdn_flag;  // 0 | 1
  std::string institution_code;
  std::optional<std::int64_t> visit_id;  // none for 3505
  std::string feedetl_sn;
  std::string source_infno;
};

// A use of the code that still stands (not released).
struct StandingUse {
  std::string institution_code;
  std::optional<std::int64_t> visit_id;
  std::string feedetl_sn;
  std::string source_infno;
  std::string trdn_flag;
  std::string sold_on;  // yyyy-MM-dd, for the refusal's message
};

enum class ClaimDecision {
  claim,        // a new use
  already_held  // this very sale holds it already (a repeat, or 3505 of a box the same institution settled)
};

// 20 digits (the national 药品追溯码 of a box). DRUG_TRACE_CODE_INVALID otherwise.
core::Status valid_trace_code(std::string_view code);
// 0 whole box, 1 split; "" means 0. FIELD_INVALID otherwise.
core::Result<std::string> trdn_flag_of(std::string_view flag, const std::string& field_path);

// Whether `claim` may take the code, given the uses that stand. DRUG_TRACE_CODE_ALREADY_SOLD
// (naming the standing sale's date and institution) when it may not.
core::Result<ClaimDecision> decide_claim(const TraceClaim& claim, const std::vector<StandingUse>& standing);

// A use as 扫码查药 reports it. release_kind: "" while it stands, else fee_cancelled,
// visit_cancelled, corrected (never a completed sale: not counted), reversed or returned (a
// sale that was later undone: counted, and shown as such).
struct TraceUseRecord {
  std::string trdn_flag;
  std::string release_kind;
};

struct TraceSalesCount {
  int whole_box_sales = 0;  // sales of the whole box, standing or later undone
  int split_sales = 0;      // 拆零 sales (several are normal)
  bool flagged = false;     // the whole box sold twice or more: 可能为回流药
};

bool counts_as_sale(const TraceUseRecord& use);
TraceSalesCount count_sales(const std::vector<TraceUseRecord>& uses);

}  // namespace yibao::domain
