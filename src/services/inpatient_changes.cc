#include "services/inpatient_changes.h"

#include "services/fsi_parties.h"
#include "services/fsi_transaction.h"
#include "store/drug_trace_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

}  // namespace

core::Result<long long> InpatientChanges::cancel_fees(const FsiCaller& caller, const std::string& mdtrt_id,
                                                      const std::string& psn_no, const std::string& feedetl_sn) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<long long> {
    auto visit = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!visit) return visit.error();
    if (visit->status == "cancelled") return Error{Reason::FSI_VISIT_CLOSED, mdtrt_id, "data.mdtrt_id"};
    const auto release = [&] {
      store::DrugTraceRepo::release_cancelled_fees(tx, visit->id, "fee_cancelled", caller.msgid, now_us(ctx_.clock));
    };
    if (feedetl_sn == "0000") {
      const auto n = store::SettlementRepo::cancel_fees(tx, visit->id, "0000");
      release();
      return n;
    }
    auto fee = store::SettlementRepo::fee(tx, visit->id, feedetl_sn);
    if (!fee || fee->status == "cancelled") return Error{Reason::FSI_FEE_NOT_FOUND, feedetl_sn, "data.feedetl_sn"};
    if (fee->status == "settled") return Error{Reason::FSI_ALREADY_SETTLED, "明细已结算，请先撤销结算（2305）", "data.feedetl_sn"};
    if (fee->status == "refund") return Error{Reason::FSI_REFUND_INVALID, "冲销明细不能撤销", "data.feedetl_sn"};
    if (!store::SettlementRepo::cancel_fee(tx, fee->id)) {
      return Error{Reason::FSI_FEE_NOT_FOUND, feedetl_sn, "data.feedetl_sn"};  // refunded to nothing: nothing open
    }
    release();
    return 1LL;
  });
}

core::Status InpatientChanges::change_admission(const FsiCaller& caller, const AdmissionChange& c) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, c.mdtrt_id, c.psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->status != "open") return Error{Reason::FSI_VISIT_CLOSED, c.mdtrt_id, "adminfo.mdtrt_id"};
    if (store::SettlementRepo::visit_has_settlement(tx, visit->id)) {
      return Error{Reason::FSI_VISIT_HAS_SETTLEMENT, c.mdtrt_id, "adminfo.mdtrt_id"};
    }
    if (c.begntime) visit->begntime = *c.begntime;
    if (c.med_type) visit->med_type = *c.med_type;
    if (c.dise_codg) visit->dise_codg = *c.dise_codg;
    if (c.dise_name) visit->dise_name = *c.dise_name;
    store::SettlementRepo::update_visit(tx, *visit);
    if (c.diagnoses) store::DiagnosisRepo::replace(tx, visit->id, "admission", *c.diagnoses, now_us(ctx_.clock));
    return {};
  });
}

core::Status InpatientChanges::cancel_admission(const FsiCaller& caller, const std::string& mdtrt_id,
                                                const std::string& psn_no) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto visit = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!visit) return visit.error();
    return cancel_open_visit(tx, *visit, caller, "visit_cancelled", now_us(ctx_.clock));
  });
}

core::Status InpatientChanges::cancel_discharge(const FsiCaller& caller, const std::string& mdtrt_id,
                                                const std::string& psn_no) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->status != "discharged") return Error{Reason::FSI_VISIT_CLOSED, "该住院未办理出院", "data.mdtrt_id"};
    if (store::SettlementRepo::batch_settled(tx, visit->id, "dscg")) {
      return Error{Reason::FSI_DISCHARGE_SETTLED, mdtrt_id, "data.mdtrt_id"};
    }
    visit->status = "open";
    visit->endtime.reset();
    store::SettlementRepo::update_visit(tx, *visit);
    store::DiagnosisRepo::replace(tx, visit->id, "discharge", {}, now_us(ctx_.clock));
    return {};
  });
}

}  // namespace yibao::services
