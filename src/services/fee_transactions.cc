// 2204/2301 fee details (with 2301's negative refund lines and 药品追溯码) and 2205 their
// cancellation.
#include <map>
#include <set>

#include "core/clock.h"
#include "core/money.h"
#include "services/drug_trace.h"
#include "services/fsi_parties.h"
#include "services/fsi_transaction.h"
#include "services/settlement_decide.h"
#include "services/settlement_load.h"
#include "services/settlement_service.h"
#include "services/policy_lookup.h"
#include "store/drug_trace_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// 2301 冲销 (institution-interface.md: "on refunds, cnt is negative"): a line with a negative
// quantity takes quantity and amount back from the still-open detail it names
// (init_feedetl_sn), which then settles at what is left. The refund line itself is kept (status
// 'refund', never settled) so its serial cannot be reused and the correction stays on record.
// A detail already settled is refused: its settlement has to be reversed first (2305).
core::Status refund_line(store::Tx& tx, const store::VisitRow& visit, const std::string& init_feedetl_sn,
                         store::FeeRow& refund, std::int64_t now) {
  if (visit.kind != "inpatient") {
    return Error{Reason::FIELD_INVALID, "数量和金额须大于 0；负数冲销只用于住院费用明细（2301）", "cnt"};
  }
  if (refund.cnt_milli >= 0 || refund.det_item_fee_sumamt > 0) {
    return Error{Reason::FSI_REFUND_INVALID, "冲销明细的数量和金额须同为负数", "cnt"};
  }
  if (init_feedetl_sn.empty()) return Error{Reason::FIELD_MISSING, "冲销明细须填写原明细流水号", "init_feedetl_sn"};
  const auto original = store::SettlementRepo::fee(tx, visit.id, init_feedetl_sn);
  if (!original || original->status == "refund") {
    return Error{Reason::FSI_REFUND_INVALID, "未找到原明细 " + init_feedetl_sn, "init_feedetl_sn"};
  }
  if (original->status == "settled") {
    return Error{Reason::FSI_ALREADY_SETTLED, "原明细 " + init_feedetl_sn + " 已结算，请先撤销结算（2305）再冲销",
                 "init_feedetl_sn"};
  }
  if (original->status != "open") {
    return Error{Reason::FSI_REFUND_INVALID, "原明细 " + init_feedetl_sn + " 已冲销完或已删除", "init_feedetl_sn"};
  }
  if (original->med_list_codg != refund.med_list_codg || original->pric_fen != refund.pric_fen) {
    return Error{Reason::FSI_REFUND_INVALID, "冲销明细的医保目录编码和单价须与原明细相同", "med_list_codg"};
  }
  if (!store::SettlementRepo::take_back_fee(tx, original->id, -refund.cnt_milli, -refund.det_item_fee_sumamt)) {
    return Error{Reason::FSI_REFUND_INVALID,
                 "冲销数量或金额超过原明细 " + init_feedetl_sn + " 的剩余数量 " +
                     core::Money::from_fen(original->det_item_fee_sumamt).to_string() + " 元",
                 "cnt"};
  }
  refund.status = "refund";
  if (!store::SettlementRepo::insert_fee(tx, refund, now)) {
    return Error{Reason::FSI_FEE_DUPLICATE, refund.feedetl_sn, "feedetl_sn"};
  }
  return {};
}

// 2204/2301 drug_trac_info: each line's codes, claimed once its details are stored.
core::Status claim_line_codes(store::Tx& tx, const FsiCaller& caller, const store::VisitRow& visit,
                              const std::vector<FeeInput>& lines, std::int64_t now) {
  std::vector<domain::TraceCodeInput> codes;
  std::map<std::string, std::string> line_codes;
  for (const auto& l : lines) {
    line_codes.emplace(l.feedetl_sn, l.med_list_codg);
    codes.insert(codes.end(), l.trace_codes.begin(), l.trace_codes.end());
  }
  if (codes.empty()) return {};
  const TraceSale sale{caller.institution.code, caller.infno, caller.msgid, visit.id, visit.person_id, std::nullopt, now};
  return claim_trace_codes(tx, sale, codes, line_codes);
}

}  // namespace

core::Result<std::vector<PricedLine>> SettlementService::upload_fees(const FsiCaller& caller, const std::string& mdtrt_id,
                                                                     const std::string& psn_no,
                                                                     const std::vector<FeeInput>& lines) {
  if (auto ok = check_lines(lines); !ok) return ok.error();
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(ctx_.clock.now());
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<std::vector<PricedLine>> {
    store::InsuredPerson patient;
    auto visit = own_visit(tx, caller, mdtrt_id, psn_no, &patient);
    if (!visit) return visit.error();
    if (visit->status != "open" && !(visit->kind == "inpatient" && visit->status == "discharged")) {
      return Error{Reason::FSI_VISIT_CLOSED};
    }
    std::vector<std::string> item_types;
    auto fees = classify(tx, visit->mdtrtarea_admvs, core::format_date(today), visit->id, lines, item_types);
    std::set<std::string> open_batches;  // checked once per batch, not per line
    std::vector<std::size_t> refunds;     // indexes of 2301 refund lines
    std::vector<const store::FeeRow*> pending;  // inserted together, in one statement
    const auto insert_pending = [&]() -> core::Status {
      const auto duplicates = store::SettlementRepo::insert_fees(tx, pending, now);
      pending.clear();
      if (!duplicates.empty()) return Error{Reason::FSI_FEE_DUPLICATE, duplicates.front(), "feedetl_sn"};
      return {};
    };
    for (std::size_t i = 0; i < fees.size(); ++i) {
      auto& f = fees[i];
      if (visit->kind != "outpatient") f.chrg_bchno = "";
      if (f.cnt_milli < 0 || f.det_item_fee_sumamt < 0) {
        // The lines before it are stored first: a refund may take back one of them.
        if (auto ok = insert_pending(); !ok) return ok.error();
        if (auto ok = refund_line(tx, *visit, lines[i].init_feedetl_sn, f, now); !ok) return ok.error();
        refunds.push_back(i);
        continue;
      }
      // A settled batch is closed: new details go into a new batch.
      if (visit->kind == "outpatient" && !open_batches.contains(f.chrg_bchno)) {
        // No settlement on the visit yet (read with it): no batch of it is closed.
        if (visit->settled_count.value_or(1) > 0 && store::SettlementRepo::batch_settled(tx, visit->id, f.chrg_bchno)) {
          return Error{Reason::FSI_ALREADY_SETTLED, f.chrg_bchno, "chrg_bchno"};
        }
        open_batches.insert(f.chrg_bchno);
      }
      pending.push_back(&f);
    }
    if (auto ok = insert_pending(); !ok) return ok.error();
    if (auto ok = claim_line_codes(tx, caller, *visit, lines, now); !ok) return ok.error();
    // The split of these lines alone (class, cap, pre-self-pay); YTD does not change it.
    store::EnrolmentRow enrolment;
    enrolment.insutype = visit->insutype;
    enrolment.admdvs = visit->insuplc_admdvs;
    for (const auto& e : patient.enrolments) {
      if (e.insutype == visit->insutype && e.admdvs == visit->insuplc_admdvs) enrolment = e;
    }
    // A refund line is split as the quantity it takes back, and answered with the signs turned.
    for (const auto i : refunds) {
      fees[i].cnt_milli = -fees[i].cnt_milli;
      fees[i].det_item_fee_sumamt = -fees[i].det_item_fee_sumamt;
    }
    PricingFacts facts;
    facts.institution = caller.institution;
    facts.enrolment = enrolment;
    facts.region = policy_for(tx, enrolment.admdvs);
    facts.visit_kind = visit->kind;
    facts.fees = std::move(fees);
    facts.item_types = std::move(item_types);
    facts.acct_used_flag = false;
    facts.today = today;
    auto priced = price(facts);
    if (!priced) return priced.error();
    auto out = std::move(priced).value().lines;
    for (const auto i : refunds) {
      auto& line = out[i];
      line.cnt_milli = -line.cnt_milli;
      for (std::int64_t* amount : {&line.split.det_item_fee_sumamt, &line.split.fulamt_ownpay_amt, &line.split.overlmt_amt,
                                   &line.split.preselfpay_amt, &line.split.inscp_scp_amt}) {
        *amount = -*amount;
      }
      line.split.memo = "冲销原明细 " + lines[i].init_feedetl_sn + (line.split.memo.empty() ? "" : "；" + line.split.memo);
    }
    return out;
  });
}

core::Status SettlementService::cancel_fees(const FsiCaller& caller, const std::string& mdtrt_id,
                                            const std::string& psn_no, const std::string& chrg_bchno) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto visit = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!visit) return visit.error();
    if (chrg_bchno != "0000" && store::SettlementRepo::batch_settled(tx, visit->id, chrg_bchno)) {
      return Error{Reason::FSI_VISIT_HAS_SETTLEMENT};
    }
    store::SettlementRepo::cancel_fees(tx, visit->id, chrg_bchno);
    store::DrugTraceRepo::release_cancelled_fees(tx, visit->id, "fee_cancelled", caller.msgid, now_us(ctx_.clock));
    return {};
  });
}

}  // namespace yibao::services
