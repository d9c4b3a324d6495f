// 2208/2305/2103 reversal of a settlement (and, through reverse_settlement, 2601 of one): load
// the original and its ledger legs → decide the negated row and the legs back (pure,
// settlement_decide.cc) → apply.
#include "core/clock.h"
#include "services/account_service.h"
#include "services/fsi_parties.h"
#include "services/fsi_transaction.h"
#include "services/settlement_decide.h"
#include "services/settlement_service.h"
#include "store/drug_trace_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"

namespace yibao::services {

using core::Error;
using core::Reason;

core::Result<std::string> SettlementService::reverse(const FsiCaller& caller, const std::string& setl_id,
                                                     const std::string& mdtrt_id, const std::string& psn_no,
                                                     const OutputRenderer& render) {
  const auto now_tp = ctx_.clock.now();
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<std::string> {
    auto replay = claim_msgid(tx, caller, now_us(ctx_.clock));
    if (!replay) return replay.error();
    if (*replay) return **replay;
    auto original = store::SettlementRepo::settlement(tx, setl_id);
    if (!original || original->kind != "settle" || original->institution_code != caller.institution.code ||
        original->mdtrt_id != mdtrt_id) {
      return Error{Reason::FSI_SETTLEMENT_NOT_FOUND, setl_id, "setl_id"};
    }
    auto insured = store::PeopleRepo::insured_by_id(tx, original->person_id);
    if (!insured || insured->person.psn_no != psn_no) return Error{Reason::FSI_SETTLEMENT_NOT_FOUND, setl_id, "psn_no"};
    return reverse_settlement(tx, caller, *original, *insured, render, now_tp);
  });
}

core::Result<std::string> SettlementService::reverse_settlement(store::Tx& tx, const FsiCaller& caller,
                                                                const store::SettlementRow& original,
                                                                const store::InsuredPerson& insured,
                                                                const OutputRenderer& render,
                                                                std::chrono::system_clock::time_point now_tp) {
  const SettleClock clock = settle_clock_at(now_tp);
  // Load: the visit (its kind must be this transaction's) and the settlement's legs.
  ReversalFacts facts{original, insured, store::SettlementRepo::visit(tx, original.mdtrt_id), {}};
  if (facts.visit) {
    if (auto ok = kind_matches(caller, facts.visit->kind); !ok) return ok.error();
  }
  if (!store::SettlementRepo::mark_reversed(tx, original.setl_id)) {
    return Error{Reason::FSI_SETTLEMENT_REVERSED, original.setl_id};
  }
  facts.original_legs = store::LedgerRepo::legs_of(tx, "settlement:" + original.setl_id);
  auto d = decide_reversal(facts, caller, serial(caller.institution.admdvs, now_tp), clock);

  // Apply.
  store::SettlementRepo::insert_settlement(tx, d.row);
  // Its boxes are no longer sold: their trace codes may be sold again.
  store::DrugTraceRepo::release_settlement(tx, original.setl_id, d.trace_release, caller.msgid, clock.now_us);
  store::SettlementRepo::reopen_fees(tx, original.setl_id);
  // The year's accumulators go back (in the year the settlement counted).
  store::SettlementRepo::add_ytd(tx, original.person_id, original.setl_year, original.insutype, d.ytd_inpatient,
                                 -original.act_pay_dedc, -original.fund_pay_sumamt);
  if (d.reopen_stay) {
    auto reopened = *facts.visit;
    reopened.status = "open";
    store::SettlementRepo::update_visit(tx, reopened);
  }
  if (!d.transfer.legs.empty()) {
    auto posted = store::LedgerRepo::post(tx, d.transfer, clock.now_us);
    if (!posted) return posted.error();
  }
  const auto balances = personal_balances(tx, insured.person.id);
  d.view.balc = balances.current + balances.prior;
  const std::string output = render(d.view);
  store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, output);
  store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, insured.person.id,
                                                    "fsi_" + caller.infno, "fsi", original.setl_id, clock.now_us});
  return output;
}

}  // namespace yibao::services
