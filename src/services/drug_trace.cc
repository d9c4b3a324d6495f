#include "services/drug_trace.h"

#include <functional>
#include <set>

#include "core/clock.h"
#include "services/fsi_transaction.h"
#include "store/settlement_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

std::string date_of(std::int64_t us) {
  return core::format_date(core::shanghai_date(store::from_epoch_us(us)));
}

domain::StandingUse standing_of(const store::TraceUseRow& u) {
  return domain::StandingUse{u.institution_code, u.visit_id, u.feedetl_sn, u.source_infno, u.trdn_flag,
                             date_of(u.sold_at_us)};
}

}  // namespace

core::Status claim_trace_codes(store::Tx& tx, const TraceSale& sale, const std::vector<domain::TraceCodeInput>& codes,
                               const std::map<std::string, std::string>& line_codes) {
  std::set<std::string> seen;  // one code twice in one call is one box sold twice
  for (const auto& c : codes) {
    if (auto ok = domain::valid_trace_code(c.code); !ok) return ok.error();
    const auto line = line_codes.find(c.feedetl_sn);
    if (line == line_codes.end()) return Error{Reason::DRUG_TRACE_LINE_UNKNOWN, c.feedetl_sn, "drug_trac_info.feedetl_sn"};
    if (!seen.insert(c.code).second && c.trdn_flag != "1") {
      return Error{Reason::DRUG_TRACE_CODE_ALREADY_SOLD, "追溯码 " + c.code + " 在本次上传中出现了两次", "drug_trac_codg"};
    }
    store::DrugTraceRepo::lock_code(tx, c.code, sale.now_us);
    std::vector<domain::StandingUse> standing;
    for (const auto& u : store::DrugTraceRepo::standing(tx, c.code)) standing.push_back(standing_of(u));
    const domain::TraceClaim claim{c.code, c.trdn_flag, sale.institution_code, sale.visit_id, c.feedetl_sn,
                                   sale.source_infno};
    auto decision = domain::decide_claim(claim, standing);
    if (!decision) return decision.error();
    if (*decision == domain::ClaimDecision::already_held) continue;
    store::TraceUseRow row;
    row.code = c.code;
    row.trdn_flag = c.trdn_flag;
    row.min_prcunt_type = c.min_prcunt_type;
    row.institution_code = sale.institution_code;
    row.source_infno = sale.source_infno;
    row.msgid = sale.msgid;
    row.visit_id = sale.visit_id;
    row.feedetl_sn = c.feedetl_sn;
    row.setl_id = sale.setl_id;
    row.person_id = sale.person_id;
    row.med_list_codg = line->second;
    row.sold_at_us = sale.now_us;
    store::DrugTraceRepo::insert(tx, row);
  }
  return {};
}

core::Status reclaim_trace_codes(store::Tx& tx, const std::string& reversal_msgid, const std::string& setl_id,
                                 std::int64_t now_us) {
  for (const auto& u : store::DrugTraceRepo::released_by(tx, reversal_msgid, setl_id)) {
    store::DrugTraceRepo::lock_code(tx, u.code, now_us);
    std::vector<domain::StandingUse> standing;
    for (const auto& s : store::DrugTraceRepo::standing(tx, u.code)) standing.push_back(standing_of(s));
    const domain::TraceClaim claim{u.code, u.trdn_flag, u.institution_code, u.visit_id, u.feedetl_sn, u.source_infno};
    const auto decision = domain::decide_claim(claim, standing);
    if (!decision) {
      return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "撤销后追溯码 " + u.code + " 的药品已再次销售", "data.omsgid"};
    }
    // The same line holds it again already: standing once is enough.
    if (*decision == domain::ClaimDecision::claim) store::DrugTraceRepo::unrelease(tx, u.id);
  }
  return {};
}

core::Status return_trace_codes(store::Tx& tx, const std::string& institution_code, const std::string& msgid,
                                const std::vector<std::string>& codes, std::int64_t now_us) {
  for (const auto& code : codes) {
    if (auto ok = domain::valid_trace_code(code); !ok) return ok.error();
    store::DrugTraceRepo::lock_code(tx, code, now_us);
    if (store::DrugTraceRepo::release_upload(tx, institution_code, code, msgid, now_us) > 0) continue;
    for (const auto& u : store::DrugTraceRepo::standing(tx, code)) {
      if (u.institution_code == institution_code && u.visit_id) {
        return Error{Reason::DRUG_TRACE_RETURN_NEEDS_REVERSAL, code, "drugtracinfo.drug_trac_codg"};
      }
    }
    return Error{Reason::DRUG_TRACE_CODE_NOT_SOLD_HERE, code, "drugtracinfo.drug_trac_codg"};
  }
  return {};
}

namespace {

// A 3505/3506 inside its call's transaction, claimed by msgid so a lost answer's retry is
// answered "{}" again without selling the boxes twice.
core::Status counter_call(ServiceContext& ctx, const FsiCaller& caller,
                          const std::function<core::Status(store::Tx&, std::int64_t)>& fn) {
  const auto now = store::to_epoch_us(ctx.clock.now());
  auto done = call_write(ctx, caller, [&](store::Tx& tx) -> core::Result<std::string> {
    auto replay = claim_msgid(tx, caller, now);
    if (!replay) return replay.error();
    if (*replay) return **replay;
    if (auto ok = fn(tx, now); !ok) return ok.error();
    store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, "{}");
    return std::string("{}");
  });
  if (!done) return done.error();
  return {};
}

}  // namespace

core::Status upload_sale(ServiceContext& ctx, const FsiCaller& caller, const CounterSale& sale) {
  return counter_call(ctx, caller, [&](store::Tx& tx, std::int64_t now) {
    std::vector<domain::TraceCodeInput> codes;
    for (const auto& code : sale.codes) codes.push_back(domain::TraceCodeInput{"", code, sale.trdn_flag, ""});
    const TraceSale who{caller.institution.code, "3505", caller.msgid, std::nullopt, std::nullopt, std::nullopt, now};
    return claim_trace_codes(tx, who, codes, {{"", sale.med_list_codg}});
  });
}

core::Status upload_return(ServiceContext& ctx, const FsiCaller& caller, const CounterSale& sale) {
  return counter_call(ctx, caller, [&](store::Tx& tx, std::int64_t now) {
    return return_trace_codes(tx, caller.institution.code, caller.msgid, sale.codes, now);
  });
}

core::Result<TraceReport> trace_report(store::Database& db, const std::string& code) {
  if (auto ok = domain::valid_trace_code(code); !ok) return ok.error();
  const auto history = db.read([&](store::Tx& tx) { return store::DrugTraceRepo::history(tx, code); });
  TraceReport out;
  out.code = code;
  std::vector<domain::TraceUseRecord> records;
  for (const auto& u : history) {
    const domain::TraceUseRecord record{u.trdn_flag, u.release_kind};
    records.push_back(record);
    if (!domain::counts_as_sale(record)) continue;
    out.sales.push_back(TraceSaleEntry{date_of(u.sold_at_us), u.institution_name, u.trdn_flag == "1",
                                       u.release_kind.empty() ? "sold" : u.release_kind});
  }
  out.count = domain::count_sales(records);
  return out;
}

}  // namespace yibao::services
