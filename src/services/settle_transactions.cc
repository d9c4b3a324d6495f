// 2206/2303/2101 pre-settlement and 2207/2304/2102 settlement: load (settlement_load.cc) →
// decide (settlement_decide.cc, pure) → apply (here: the rows, the details, the accumulators and
// the ledger post, in the call's one transaction).
#include <limits>
#include <map>

#include "core/clock.h"
#include "services/account_service.h"
#include "services/drug_trace.h"
#include "services/fsi_transaction.h"
#include "services/settlement_decide.h"
#include "services/settlement_load.h"
#include "services/settlement_service.h"
#include "store/drug_trace_repo.h"
#include "store/institution_repo.h"
#include "store/ledger_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// At settlement: codes claimed with the details now belong to this settlement, and those sent
// with 2207/2304 (or with 2102's lines) are claimed for it — only for details it settled.
core::Status settle_trace_codes(store::Tx& tx, const FsiCaller& caller, const SettleFacts& f, const std::string& setl_id,
                                std::int64_t now) {
  const SettleRequest& r = f.request;
  const store::VisitRow& visit = f.visit;
  // Only when the load saw some waiting (a pharmacy visit is created by this very call: none can).
  if (f.trace_codes_waiting) store::DrugTraceRepo::settle(tx, visit.id, setl_id);
  std::vector<domain::TraceCodeInput> codes = r.trace_codes;
  for (const auto& l : r.lines) codes.insert(codes.end(), l.trace_codes.begin(), l.trace_codes.end());
  if (codes.empty()) return {};
  std::map<std::string, std::string> line_codes;
  for (const auto& fee : f.pricing.fees) line_codes.emplace(fee.feedetl_sn, fee.med_list_codg);
  const TraceSale sale{caller.institution.code, caller.infno, caller.msgid, visit.id, visit.person_id, setl_id, now};
  return claim_trace_codes(tx, sale, codes, line_codes);
}

// 2102: the purchase's visit and details are written with the settlement that pays them.
core::Status write_pharmacy_visit(store::Tx& tx, const FsiCaller& caller, SettleFacts& f, SettleDecision& d,
                                  std::int64_t now) {
  auto id = store::SettlementRepo::insert_visit(tx, f.visit);
  if (!id) return Error{Reason::FSI_VISIT_DUPLICATE, caller.msgid, "msgid"};
  f.visit.id = *id;
  d.row.visit_id = d.view.row.visit_id = *id;
  std::vector<const store::FeeRow*> rows;
  for (auto& fee : f.pricing.fees) {
    fee.visit_id = *id;
    rows.push_back(&fee);
  }
  store::SettlementRepo::insert_fees(tx, rows, now);  // a new visit: no serial can exist yet
  d.max_fee_id = std::numeric_limits<std::int64_t>::max();
  return {};
}

// The ledger post of the decision's legs; answers the patient's own balance after (read under
// the row lock by the post), or what the calculation saw for an account it did not move.
core::Result<std::int64_t> post_legs(store::Tx& tx, const FsiCaller& caller, SettleFacts& f, const SettleDecision& d,
                                     std::int64_t now) {
  const std::int64_t before = f.pricing.own.current + f.pricing.own.prior;
  if (d.legs.empty()) return before;
  // The accounts were read by the load step; the institution's, the fund's and the cash desk
  // are opened on first use (and join them), personal ones must exist.
  auto& accounts = f.accounts;
  const auto id_of = [&](const std::string& code, const std::string& open_as,
                         const std::string& admdvs) -> core::Result<std::int64_t> {
    auto it = accounts.find(code);
    if (it != accounts.end()) return it->second.id;
    if (open_as.empty()) return Error{Reason::INTERNAL_ERROR, "账户不存在: " + code};
    auto opened = store::LedgerRepo::ensure_account(tx, code, open_as, std::nullopt, admdvs, false, now);
    return accounts.emplace(code, opened).first->second.id;
  };
  auto receivable = id_of(d.receivable_code, "institution_receivable", caller.institution.admdvs);
  if (!receivable) return receivable.error();
  store::TransferRequest transfer;
  transfer.idempotency_key = "settlement:" + d.row.setl_id;
  transfer.kind = "settlement";
  transfer.reference = d.row.setl_id;
  transfer.note = caller.infno + " " + caller.institution.code + " " + caller.msgid;
  for (const auto& leg : d.legs) {
    auto payer = id_of(leg.debit_code, leg.open_as, leg.admdvs);
    if (!payer) return payer.error();
    transfer.legs.push_back({*payer, *receivable, leg.amount, leg.rule, leg.spends_hold});
  }
  auto posted = store::LedgerRepo::post(tx, transfer, now, &accounts);
  if (!posted) return posted.error();
  std::int64_t balc = 0;
  for (const auto& [code, seen] : {std::pair{current_account_code(f.person.id), f.pricing.own.current},
                                   std::pair{prior_account_code(f.person.id), f.pricing.own.prior}}) {
    const auto account = accounts.find(code);
    const auto after = account == accounts.end() ? posted->balances_after.end()
                                                 : posted->balances_after.find(account->second.id);
    balc += after == posted->balances_after.end() ? seen : after->second;
  }
  return balc;
}

// Writes a settlement decision: the row, its details settled, trace codes, the year's
// accumulators, a discharge, the ledger; stores the rendered answer under the msgid.
core::Result<std::string> apply_settlement(store::Tx& tx, const FsiCaller& caller, SettleFacts& f, SettleDecision& d,
                                           const OutputRenderer& render, std::int64_t now) {
  if (f.visit.kind == "pharmacy") {
    if (auto ok = write_pharmacy_visit(tx, caller, f, d, now); !ok) return ok.error();
  }
  store::SettlementRepo::insert_settlement(tx, d.row);
  const auto settled = store::SettlementRepo::settle_fees(tx, f.visit.id, d.fee_batch, d.max_fee_id, d.row.setl_id);
  if (settled != static_cast<long long>(f.pricing.fees.size())) {
    return Error{Reason::FSI_ALREADY_SETTLED, "明细已变化，请重试"};
  }
  if (auto ok = settle_trace_codes(tx, caller, f, d.row.setl_id, now); !ok) {
    return ok.error();
  }
  store::SettlementRepo::add_ytd(tx, f.person.id, d.row.setl_year, d.row.insutype, d.ytd_inpatient,
                                 d.settlement.act_pay_dedc, d.settlement.fund_pay_sumamt);
  if (d.close_stay) {
    f.visit.status = "discharged";
    store::SettlementRepo::update_visit(tx, f.visit);
  }
  auto balc = post_legs(tx, caller, f, d, now);
  if (!balc) return balc.error();
  d.view.balc = *balc;
  const std::string output = render(d.view);
  store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, output);
  store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, f.person.id,
                                                    "fsi_" + caller.infno, "fsi", d.row.setl_id, now});
  return output;
}

}  // namespace

core::Result<SettlementView> SettlementService::presettle(const FsiCaller& caller, const SettleRequest& r) {
  const SettleClock clock = settle_clock_at(ctx_.clock.now());
  // Reads only, yet in the write transaction that spends the call's TIF nonce: one BEGIN and
  // COMMIT instead of a read transaction and the nonce's own write.
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<SettlementView> {
    auto facts = load_settlement(tx, caller, r, LoadFor::presettle, clock);
    if (!facts) return facts.error();
    return decide_presettlement(*facts, clock);
  });
}

core::Result<std::string> SettlementService::settle(const FsiCaller& caller, const SettleRequest& r,
                                                    const OutputRenderer& render) {
  const SettleClock clock = settle_clock_at(ctx_.clock.now());
  // The payer plan reads the authorisers' balances before the ledger locks them; when another
  // settlement drew on the same authoriser meanwhile, the conditional update refuses
  // (BALANCE_INSUFFICIENT, nothing written) and the whole transaction runs again on the new
  // balances — the plan then takes less from them and more in cash.
  for (int attempt = 1;; ++attempt) {
    auto result = call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<std::string> {
      auto replay = claim_msgid(tx, caller, clock.now_us);
      if (!replay) return replay.error();
      if (*replay) return **replay;
      auto facts = load_settlement(tx, caller, r, LoadFor::settle, clock);
      if (!facts) return facts.error();
      auto decision = decide_settlement(*facts, caller, serial(caller.institution.admdvs, clock.now), clock);
      if (!decision) return decision.error();
      return apply_settlement(tx, caller, facts.value(), decision.value(), render, clock.now_us);
    });
    if (result || result.reason() != Reason::BALANCE_INSUFFICIENT || attempt >= 3) return result;
  }
}

}  // namespace yibao::services
