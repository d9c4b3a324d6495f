#pragma once
// 药品追溯码 use cases (issue 15 §8): claims made by the settlement calls and by 3505 sales
// uploads, inside the caller's transaction; 3506 returns; the citizen's 扫码查药 report.
// The rules are domain/drug_trace_rules; this is the glue between them and the store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/drug_trace_rules.h"
#include "services/service_context.h"
#include "services/settlement_service.h"
#include "store/database.h"
#include "store/drug_trace_repo.h"

namespace yibao::services {

// Who sells: the call and, for a settlement's lines, the visit.
struct TraceSale {
  std::string institution_code;
  std::string source_infno;
  std::string msgid;
  std::optional<std::int64_t> visit_id;
  std::optional<std::int64_t> person_id;
  std::optional<std::string> setl_id;  // when claimed at settlement
  std::int64_t now_us = 0;
};

// Claims every code for its line (`line_codes`: feedetl_sn → med_list_codg of the lines the
// codes may name; for 3505 the one entry ""). DRUG_TRACE_CODE_INVALID, DRUG_TRACE_LINE_UNKNOWN,
// DRUG_TRACE_CODE_ALREADY_SOLD; the caller's transaction then writes nothing at all.
core::Status claim_trace_codes(store::Tx& tx, const TraceSale& sale, const std::vector<domain::TraceCodeInput>& codes,
                               const std::map<std::string, std::string>& line_codes);

// 2601 undoing a reversal: the codes that reversal released stand again for the settlement,
// unless one was sold since (FSI_CORRECTION_NOT_POSSIBLE).
core::Status reclaim_trace_codes(store::Tx& tx, const std::string& reversal_msgid, const std::string& setl_id,
                                 std::int64_t now_us);

// 3506: returns this institution's 3505 sales of `codes`. DRUG_TRACE_RETURN_NEEDS_REVERSAL
// for a box its settlement holds, DRUG_TRACE_CODE_NOT_SOLD_HERE for one it did not sell.
core::Status return_trace_codes(store::Tx& tx, const std::string& institution_code, const std::string& msgid,
                                const std::vector<std::string>& codes, std::int64_t now_us);

// 3505 商品销售上传 / 3506 商品销售退货: one drug's boxes sold or returned at the counter, outside
// (or beside) a settlement. Idempotent by msgid: a repeat answers as the first did.
struct CounterSale {
  std::string med_list_codg;
  std::string trdn_flag = "0";
  std::vector<std::string> codes;
};
core::Status upload_sale(ServiceContext& ctx, const FsiCaller& caller, const CounterSale& sale);
core::Status upload_return(ServiceContext& ctx, const FsiCaller& caller, const CounterSale& sale);

// 扫码查药: what a citizen may know of a box — how often it was sold, and where and when, never
// to whom.
struct TraceSaleEntry {
  std::string sold_on;  // yyyy-MM-dd
  std::string institution_name;
  bool split = false;
  std::string status;  // sold | reversed | returned
};
struct TraceReport {
  std::string code;
  domain::TraceSalesCount count;
  std::vector<TraceSaleEntry> sales;
};
core::Result<TraceReport> trace_report(store::Database& db, const std::string& code);

}  // namespace yibao::services
