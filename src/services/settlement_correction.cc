// 2601 冲正: an institution whose answer was lost undoes the transaction by the msgid it sent.
// The HIS does not know whether the original reached yibao, committed, or is still on its way;
// so 2601 first fences the msgid (a late original is then refused), and undoes whatever
// committed. Every fen goes back exactly as 2208/2305 would put it, or — undoing a reversal —
// exactly as the settlement first moved it.
#include <array>

#include "core/clock.h"
#include "services/account_service.h"
#include "services/drug_trace.h"
#include "services/fsi_transaction.h"
#include "services/settlement_service.h"
#include "store/correction_repo.h"
#include "store/ledger_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr std::array<std::string_view, 8> kCorrectable = {"2207", "2208", "2304", "2305", "2102", "2103", "2401", "2201"};

bool is_settlement(const std::string& infno) { return infno == "2207" || infno == "2304" || infno == "2102"; }
bool is_reversal(const std::string& infno) { return infno == "2208" || infno == "2305" || infno == "2103"; }

}  // namespace

bool is_correctable_infno(const std::string& infno) {
  for (auto known : kCorrectable) {
    if (infno == known) return true;
  }
  return false;
}

core::Result<std::string> SettlementService::correct(const FsiCaller& caller, const CorrectionRequest& r,
                                                     const CorrectionRenderer& render) {
  if (!is_correctable_infno(r.oinfno)) {
    return Error{Reason::FSI_CORRECTION_UNSUPPORTED, r.oinfno, "data.oinfno"};
  }
  if (r.omsgid == caller.msgid) return Error{Reason::FIELD_INVALID, "omsgid 不能是本次冲正报文自己的 msgid", "data.omsgid"};
  const auto now_tp = ctx_.clock.now();
  const auto now = store::to_epoch_us(now_tp);
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<std::string> {
    auto replay = claim_msgid(tx, caller, now);
    if (!replay) return replay.error();
    if (*replay) return **replay;
    auto insured = store::PeopleRepo::insured_by_psn_no(tx, r.psn_no);
    if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "data.psn_no"};

    // What the original was, as yibao recorded it, before the fence rewrites its claim.
    const auto claimed = store::SettlementRepo::reply(tx, caller.institution.code, r.omsgid);
    if (claimed && claimed->infno != r.oinfno) {
      return Error{Reason::FSI_CORRECTION_INFNO_MISMATCH, "原交易为 " + claimed->infno, "data.oinfno"};
    }
    const bool never_arrived = fence_msgid(tx, caller, r.omsgid, r.oinfno, now);

    CorrectionOutcome outcome{r.omsgid, r.oinfno, false, {}, {}, {}};
    if (never_arrived || (claimed && is_corrected_claim(*claimed))) {
      outcome.memo = never_arrived ? "平台未办理过该交易（未收到或未成功），未做任何处理；该报文 ID 已作废"
                                   : "该交易已冲正过，未再做处理";
    } else if (is_settlement(r.oinfno)) {
      auto settled = store::SettlementRepo::settlement_by_msgid(tx, caller.institution.code, r.omsgid);
      if (!settled || settled->kind != "settle") {
        outcome.memo = "原交易未完成结算，未做任何处理";
      } else if (settled->person_id != insured->person.id) {
        return Error{Reason::FSI_CORRECTION_PERSON_MISMATCH, r.psn_no, "data.psn_no"};
      } else if (settled->status != "settled") {
        outcome.memo = "原结算已撤销，无需冲正";
        outcome.mdtrt_id = settled->mdtrt_id;
      } else {
        auto reversed = reverse_settlement(tx, caller, *settled, *insured,
                                           [](const SettlementView&) { return std::string(); }, now_tp);
        if (!reversed) return reversed.error();
        auto reversal = store::SettlementRepo::settlement_by_msgid(tx, caller.institution.code, caller.msgid);
        // As if neither had happened, for reconciliation: the institution never knew of them.
        store::CorrectionRepo::mark_corrected(tx, settled->setl_id);
        if (reversal) store::CorrectionRepo::mark_corrected(tx, reversal->setl_id);
        outcome.undone = true;
        outcome.memo = "原结算已冲正，费用及个人账户、家庭共济、统筹基金均已退回";
        outcome.setl_id = reversal ? reversal->setl_id : "";
        outcome.mdtrt_id = settled->mdtrt_id;
      }
    } else if (is_reversal(r.oinfno)) {
      auto reversal = store::SettlementRepo::settlement_by_msgid(tx, caller.institution.code, r.omsgid);
      if (!reversal || reversal->kind != "reversal") {
        outcome.memo = "原交易未完成撤销，未做任何处理";
      } else if (reversal->person_id != insured->person.id) {
        return Error{Reason::FSI_CORRECTION_PERSON_MISMATCH, r.psn_no, "data.psn_no"};
      } else {
        auto undone = undo_reversal(tx, caller, *reversal);
        if (!undone) return undone.error();
        outcome = *undone;
        outcome.omsgid = r.omsgid;
        outcome.oinfno = r.oinfno;
      }
    } else {
      auto visit = store::SettlementRepo::visit_by_msgid(tx, caller.institution.code, r.omsgid);
      if (!visit) {
        outcome.memo = "原交易未完成登记，未做任何处理";
      } else if (visit->person_id != insured->person.id) {
        return Error{Reason::FSI_CORRECTION_PERSON_MISMATCH, r.psn_no, "data.psn_no"};
      } else {
        auto undone = undo_visit(tx, caller, *visit);
        if (!undone) return undone.error();
        outcome = *undone;
        outcome.omsgid = r.omsgid;
        outcome.oinfno = r.oinfno;
      }
    }
    const std::string output = render(outcome);
    store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, output);
    store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, insured->person.id,
                                                      "fsi_2601", "fsi",
                                                      r.oinfno + " " + r.omsgid + (outcome.undone ? " undone" : " nothing"),
                                                      now});
    return output;
  });
}

core::Result<CorrectionOutcome> SettlementService::undo_reversal(store::Tx& tx, const FsiCaller& caller,
                                                                 const store::SettlementRow& reversal) {
  CorrectionOutcome outcome;
  outcome.mdtrt_id = reversal.mdtrt_id;
  if (reversal.status == "undone") {
    outcome.memo = "该撤销已冲正过，未再做处理";
    return outcome;
  }
  const std::string original_id = reversal.reverses_setl_id.value_or("");
  auto original = store::SettlementRepo::settlement(tx, original_id);
  if (!original || original->status != "reversed") {
    return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "原结算状态已变化", "data.omsgid"};
  }
  // The details it reopened must all still be open: none cancelled, none settled again.
  const auto reopened = store::CorrectionRepo::reopened_fees(tx, original_id);
  if (reopened.total != reopened.still_open ||
      store::SettlementRepo::batch_settled(tx, original->visit_id, original->chrg_bchno)) {
    return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "撤销后该批费用明细已变更或已重新结算", "data.omsgid"};
  }
  auto visit = store::SettlementRepo::visit(tx, original->mdtrt_id);
  const bool inpatient = visit && visit->kind == "inpatient";
  if (original->chrg_bchno == "dscg" && visit && visit->status != "open") {
    return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "该住院已重新办理出院", "data.omsgid"};
  }
  store::CorrectionRepo::resettle_fees(tx, original_id);
  // The boxes the reversal gave back are the settlement's again, unless one was sold since.
  if (auto ok = reclaim_trace_codes(tx, reversal.msgid, original_id, now_us(ctx_.clock)); !ok) return ok.error();
  if (!store::CorrectionRepo::mark_settled_again(tx, original_id) ||
      !store::CorrectionRepo::mark_reversal_undone(tx, reversal.setl_id)) {
    return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "原结算状态已变化", "data.omsgid"};
  }
  store::SettlementRepo::add_ytd(tx, original->person_id, original->setl_year, original->insutype, inpatient,
                                 original->act_pay_dedc, original->fund_pay_sumamt);
  if (inpatient && original->chrg_bchno == "dscg") {
    visit->status = "discharged";
    store::SettlementRepo::update_visit(tx, *visit);
  }
  // The settlement's legs once more, as it first moved them. A payer who spent the money
  // since (an authoriser's 历年, the patient's own account) refuses the whole 冲正.
  store::TransferRequest transfer;
  transfer.idempotency_key = "reversal_undone:" + reversal.setl_id;
  transfer.kind = "correction";
  transfer.reference = original_id;
  transfer.note = "2601 " + caller.institution.code + " " + caller.msgid + " undoes " + reversal.setl_id;
  for (const auto& leg : store::LedgerRepo::legs_of(tx, "settlement:" + original_id)) {
    // Undoing the reversal spends from the same hold again (LEDGER_HOLD_CHANGED if it no longer holds it).
    transfer.legs.push_back(
        {leg.debit_account_id, leg.credit_account_id, leg.amount, "reversal_undone:" + leg.rule, leg.spends_hold});
  }
  if (!transfer.legs.empty()) {
    auto posted = store::LedgerRepo::post(tx, transfer, now_us(ctx_.clock));
    if (!posted) {
      if (posted.reason() == Reason::BALANCE_INSUFFICIENT) {
        return Error{Reason::FSI_CORRECTION_NOT_POSSIBLE, "撤销退回的个人账户资金已被使用，无法恢复原结算", "data.omsgid"};
      }
      return posted.error();
    }
  }
  outcome.undone = true;
  outcome.setl_id = original_id;
  outcome.memo = "原撤销已冲正，结算 " + original_id + " 恢复有效";
  return outcome;
}

core::Result<CorrectionOutcome> SettlementService::undo_visit(store::Tx& tx, const FsiCaller& caller,
                                                              const store::VisitRow& visit) {
  CorrectionOutcome outcome;
  outcome.mdtrt_id = visit.mdtrt_id;
  if (visit.status == "cancelled") {
    outcome.memo = "该就诊登记已撤销，未再做处理";
    return outcome;
  }
  if (auto cancelled = cancel_open_visit(tx, visit, caller, "corrected", now_us(ctx_.clock)); !cancelled) {
    return cancelled.error();
  }
  outcome.undone = true;
  outcome.memo = visit.kind == "inpatient" ? "原入院登记已冲正（撤销）" : "原挂号已冲正（撤销）";
  return outcome;
}

}  // namespace yibao::services
