#include "domain/drug_trace_rules.h"

#include <algorithm>

namespace yibao::domain {

using core::Error;
using core::Reason;

core::Status valid_trace_code(std::string_view code) {
  const bool digits = code.size() == 20 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return Error{Reason::DRUG_TRACE_CODE_INVALID, std::string(code)};
  return {};
}

core::Result<std::string> trdn_flag_of(std::string_view flag, const std::string& field_path) {
  if (flag.empty() || flag == "0") return std::string("0");
  if (flag == "1") return std::string("1");
  return Error{Reason::FIELD_INVALID, "拆零标志（" + field_path + "）须为 0（整盒）或 1（拆零）", field_path};
}

namespace {

// The same sale: the same fee line of the same visit, or — at one institution — its sales
// upload (3505) and its settlement of that box, whichever came first. Two 3505 uploads of one
// whole box are two sales (a repeat of one upload is its msgid's replay, answered before this).
bool same_sale(const TraceClaim& claim, const StandingUse& use) {
  if (claim.institution_code != use.institution_code) return false;
  if (claim.visit_id && use.visit_id) return *claim.visit_id == *use.visit_id && claim.feedetl_sn == use.feedetl_sn;
  return (claim.source_infno == "3505") != (use.source_infno == "3505");
}

}  // namespace

core::Result<ClaimDecision> decide_claim(const TraceClaim& claim, const std::vector<StandingUse>& standing) {
  for (const auto& use : standing) {
    if (same_sale(claim, use)) return ClaimDecision::already_held;
  }
  for (const auto& use : standing) {
    // Parts of a split box may each be sold; nothing may be sold of a box sold whole, and a
    // box part-sold cannot be sold whole.
    if (claim.trdn_flag == "1" && use.trdn_flag == "1") continue;
    return Error{Reason::DRUG_TRACE_CODE_ALREADY_SOLD, "追溯码 " + claim.code + " 已于 " + use.sold_on + " 在 " +
                                                           use.institution_code + " 销售" +
                                                           (use.trdn_flag == "1" ? "（拆零）" : "") + "，销售未撤销"};
  }
  return ClaimDecision::claim;
}

bool counts_as_sale(const TraceUseRecord& use) {
  return use.release_kind.empty() || use.release_kind == "reversed" || use.release_kind == "returned";
}

TraceSalesCount count_sales(const std::vector<TraceUseRecord>& uses) {
  TraceSalesCount out;
  for (const auto& use : uses) {
    if (!counts_as_sale(use)) continue;
    if (use.trdn_flag == "1") ++out.split_sales;
    else ++out.whole_box_sales;
  }
  out.flagged = out.whole_box_sales >= 2;
  return out;
}

}  // namespace yibao::domain
