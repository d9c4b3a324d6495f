#include "services/settlement_decide.h"

#include "core/clock.h"
#include "core/invariant.h"
#include "core/money.h"
#include "domain/settlement_policy.h"
#include "services/account_service.h"
#include "services/fsi_transaction.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

// 退休: the second digit of psn_type (11 在职, 12 退休, 13 离休 …).
bool is_retired(const std::string& psn_type) { return psn_type.size() >= 2 && (psn_type[1] == '2' || psn_type[1] == '3'); }

int hosp_level_of(const store::InstitutionRow& inst) {
  if (inst.level == "1" || inst.level == "2" || inst.level == "3") return inst.level[0] - '0';
  return 1;  // pharmacies: the outpatient row of the lowest level
}

domain::VisitType visit_type_of(const std::string& kind) {
  if (kind == "inpatient") return domain::VisitType::inpatient;
  if (kind == "pharmacy") return domain::VisitType::pharmacy;
  return domain::VisitType::outpatient;
}

std::vector<PricedLine> priced_lines(const domain::Settlement& s, const std::vector<domain::FeeLine>& in,
                                     const std::vector<std::string>& item_types, const domain::SettlementPolicy& policy) {
  std::vector<PricedLine> out;
  for (std::size_t i = 0; i < s.lines.size() && i < in.size(); ++i) {
    PricedLine p;
    p.split = s.lines[i];
    p.cnt_milli = in[i].cnt_milli;
    p.pric_fen = in[i].pric_fen;
    p.price_cap_fen = in[i].price_cap_fen;
    p.med_chrgitm_type = i < item_types.size() ? item_types[i] : "14";
    p.pre_self_pay_bp = in[i].chrgitm_lv == "01" ? 0 : in[i].chrgitm_lv == "02" ? policy.pre_self_pay_bp : 10000;
    out.push_back(p);
  }
  return out;
}

store::SettlementRow row_from(const domain::Settlement& s) {
  store::SettlementRow r;
  r.medfee_sumamt = s.medfee_sumamt;
  r.fulamt_ownpay_amt = s.fulamt_ownpay_amt;
  r.overlmt_selfpay = s.overlmt_selfpay;
  r.preselfpay_amt = s.preselfpay_amt;
  r.inscp_scp_amt = s.inscp_scp_amt;
  r.act_pay_dedc = s.act_pay_dedc;
  r.hifp_pay = s.hifp_pay;
  r.pool_prop_selfpay = s.pool_prop_selfpay;
  r.fund_pay_sumamt = s.fund_pay_sumamt;
  r.psn_part_amt = s.psn_part_amt;
  r.acct_pay = s.acct_pay;
  r.acct_mulaid_pay = s.acct_mulaid_pay;
  r.psn_cash_pay = s.psn_cash_pay;
  r.hosp_part_amt = s.hosp_part_amt;
  return r;
}

// The settlement's 医疗类别: the request's, else the visit's (2303/2304 input carries none).
std::string med_type_of(const SettleRequest& r, const store::VisitRow& visit) {
  return r.med_type.empty() ? visit.med_type : r.med_type;
}

// The refusals a pre-settlement and a settlement share, then the price.
core::Result<Priced> checked_price(const SettleFacts& f) {
  if (f.visit.kind != "pharmacy" && f.pricing.fees.empty()) return Error{Reason::FSI_NOTHING_TO_SETTLE, f.batch};
  std::int64_t sum = 0;
  for (const auto& fee : f.pricing.fees) sum += fee.det_item_fee_sumamt;
  if (sum != f.request.medfee_sumamt) {
    return Error{Reason::FSI_SUMAMT_MISMATCH,
                 "medfee_sumamt " + core::Money::from_fen(f.request.medfee_sumamt).to_string() + "，明细合计 " +
                     core::Money::from_fen(sum).to_string(),
                 "medfee_sumamt"};
  }
  return price(f.pricing);
}

// The answer's fields both calls fill the same way.
SettlementView view_of(const SettleFacts& f, const Priced& p, const store::SettlementRow& row, const SettleClock& clock) {
  SettlementView view;
  view.person = f.person;
  view.enrolment = f.pricing.enrolment;
  view.row = row;
  view.lines = p.lines;
  view.mdtrt_id = f.visit.mdtrt_id;
  view.mdtrt_cert_type = f.request.cert.type;
  view.clr_type = clr_type_of(f.visit.kind);
  view.age_tenths = age_tenths_of(f.person.birth_date, clock.today);
  // Why mutual aid paid nothing for a patient with authorisers: carried in the stored answer.
  view.aid_note = p.settlement.plan.aid_silence ? p.settlement.plan.aid_silence->text : std::string{};
  return view;
}

// The payer's account of a plan line, and how it is found: personal accounts must exist, the
// cash desk is opened on first use.
LedgerLegPlan leg_of(const domain::PlanLine& line, std::int64_t patient, const store::InstitutionRow& inst) {
  LedgerLegPlan leg;
  leg.amount = line.amount;
  leg.rule = line.rule;
  leg.spends_hold = line.hold_id;
  switch (line.payer) {
    case domain::Payer::own_current: leg.debit_code = current_account_code(patient); break;
    case domain::Payer::own_prior: leg.debit_code = prior_account_code(patient); break;
    case domain::Payer::wallet: leg.debit_code = wallet_account_code(patient); break;
    case domain::Payer::aid_current: leg.debit_code = current_account_code(line.authoriser_person_id.value_or(0)); break;
    case domain::Payer::aid_prior: leg.debit_code = prior_account_code(line.authoriser_person_id.value_or(0)); break;
    case domain::Payer::cash:
      leg.debit_code = cash_desk_code(inst.code);
      leg.open_as = "cash_desk";
      leg.admdvs = inst.admdvs;
      break;
  }
  return leg;
}

}  // namespace

std::string fund_account_code(const std::string& insured_admdvs, const std::string& insutype) {
  return "fund:" + insured_admdvs + ":" + insutype;
}
std::string institution_receivable_code(const std::string& code) { return "inst:" + code + ":receivable"; }
std::string cash_desk_code(const std::string& code) { return "cash:" + code; }

core::Result<Priced> price(const PricingFacts& f) {
  auto policy = domain::settlement_policy_for(f.region, f.enrolment.insutype);
  if (!policy) return policy.error();
  domain::SettlementInput in;
  in.policy = *policy;
  in.hosp_level = hosp_level_of(f.institution);
  in.retired = is_retired(f.enrolment.psn_type);
  in.visit = visit_type_of(f.visit_kind);
  for (const auto& fee : f.fees) {
    in.lines.push_back(domain::FeeLine{fee.feedetl_sn, fee.med_list_codg, fee.chrgitm_lv, fee.det_item_fee_sumamt,
                                       fee.cnt_milli, fee.pric_fen, fee.price_cap_fen, fee.account_scope});
  }
  // Each visit type meets its own deductible; the fund's annual cap is one total.
  in.ytd = domain::YearToDate{f.ytd.deductible_paid_for(f.visit_kind == "inpatient"), f.ytd.fund_paid};
  in.acct_used_flag = f.acct_used_flag;
  in.patient_has_account = f.enrolment.insutype == "310";
  in.own = f.own;
  in.wallet_balance = f.wallet_balance;
  in.aid = f.aid;
  in.admission_date = f.admission;
  in.today = f.today;
  in.region = f.region;
  auto s = domain::calculate_settlement(in);
  if (!s) return s.error();
  return Priced{*s, *policy, priced_lines(*s, in.lines, f.item_types, *policy)};
}

core::Result<SettlementView> decide_presettlement(const SettleFacts& f, const SettleClock& clock) {
  auto priced = checked_price(f);
  if (!priced) return priced.error();
  store::SettlementRow row = row_from(priced->settlement);
  row.insutype = f.pricing.enrolment.insutype;
  row.med_type = med_type_of(f.request, f.visit);
  SettlementView view = view_of(f, *priced, row, clock);
  view.row.institution_code = f.pricing.institution.code;
  view.balc = f.pricing.own.current + f.pricing.own.prior - priced->settlement.acct_pay;
  return view;
}

core::Result<SettleDecision> decide_settlement(const SettleFacts& f, const FsiCaller& caller, const std::string& setl_id,
                                               const SettleClock& clock) {
  auto priced = checked_price(f);
  if (!priced) return priced.error();
  // A QR code pays once (after the details' refusals: the counter fixes those first).
  if (f.ec_token && f.ec_token_used) return Error{Reason::QR_CONSUMED};
  const auto& s = priced->settlement;
  const auto& r = f.request;
  const bool interim = r.kind == "inpatient" && r.mid_setl;

  SettleDecision d;
  d.settlement = s;
  d.lines = priced->lines;
  store::SettlementRow& row = d.row;
  row = row_from(s);
  row.setl_id = setl_id;
  row.visit_id = f.visit.id;
  row.person_id = f.person.id;
  row.institution_code = caller.institution.code;
  row.chrg_bchno = interim ? "mid:" + setl_id : f.batch;
  row.msgid = caller.msgid;
  row.insutype = f.pricing.enrolment.insutype;
  row.med_type = med_type_of(r, f.visit);
  row.setl_year = static_cast<int>(clock.today.year());
  row.ec_token = f.ec_token;
  row.settled_at_us = clock.now_us;

  d.fee_batch = r.kind == "outpatient" ? f.batch : "";
  for (const auto& fee : f.pricing.fees) d.max_fee_id = std::max(d.max_fee_id, fee.id);
  d.ytd_inpatient = f.visit.kind == "inpatient";
  d.close_stay = r.kind == "inpatient" && !r.mid_setl;

  // The ledger: every payer pays the institution's receivable — the insured place's fund its
  // share, then each plan line (own account, mutual-aid authorisers, cash).
  d.receivable_code = institution_receivable_code(caller.institution.code);
  if (s.fund_pay_sumamt > 0) {
    d.legs.push_back({fund_account_code(f.pricing.enrolment.admdvs, f.pricing.enrolment.insutype), "fund_pool",
                      f.pricing.enrolment.admdvs, s.fund_pay_sumamt, "hifp_pay"});
  }
  for (const auto& line : s.plan.lines) {
    if (line.amount > 0) d.legs.push_back(leg_of(line, f.person.id, caller.institution));
  }
  // What the ledger moves is exactly what the answer says was paid (domain.md §9), checked
  // again in release builds: the legs are built from the plan, not from the setlinfo.
  YIBAO_INVARIANT(domain::check_identities(s).ok(), "settlement identities: " + setl_id);
  std::int64_t moved = 0;
  for (const auto& leg : d.legs) moved += leg.amount;
  YIBAO_INVARIANT(moved == s.medfee_sumamt - s.hosp_part_amt, "settlement legs != fund + personal share: " + setl_id);

  d.view = view_of(f, *priced, row, clock);
  d.view.setl_time = core::format_shanghai_datetime(clock.now);
  d.view.balc = f.pricing.own.current + f.pricing.own.prior;
  return d;
}

ReversalDecision decide_reversal(const ReversalFacts& f, const FsiCaller& caller, const std::string& setl_id,
                                 const SettleClock& clock) {
  const auto& original = f.original;
  ReversalDecision d;
  store::SettlementRow& row = d.row;
  row = original;
  row.setl_id = setl_id;
  row.kind = "reversal";
  row.reverses_setl_id = original.setl_id;
  row.status = "reversal";
  row.msgid = caller.msgid;
  row.ec_token.reset();
  row.settled_at_us = clock.now_us;
  for (std::int64_t* amount : {&row.medfee_sumamt, &row.fulamt_ownpay_amt, &row.overlmt_selfpay, &row.preselfpay_amt,
                               &row.inscp_scp_amt, &row.act_pay_dedc, &row.hifp_pay, &row.fund_pay_sumamt,
                               &row.psn_part_amt, &row.acct_pay, &row.acct_mulaid_pay, &row.psn_cash_pay,
                               &row.hosp_part_amt}) {
    *amount = -*amount;
  }
  const bool inpatient = f.visit && f.visit->kind == "inpatient";
  d.ytd_inpatient = inpatient;
  d.reopen_stay = inpatient && f.visit->status == "discharged" && original.chrg_bchno == "dscg";
  // A 2601 undid a sale that never completed, which 扫码查药 does not count as sold.
  d.trace_release = caller.infno == "2601" ? "corrected" : "reversed";

  // Every leg back where it came from, authorisers' 历年 included; keyed by the reversal
  // itself, so a settlement put back by 2601 may be reversed again.
  d.transfer.idempotency_key = "reversal:" + setl_id;
  d.transfer.kind = "reversal";
  d.transfer.reference = setl_id;
  d.transfer.note = caller.infno + " " + caller.institution.code + " " + caller.msgid + " reverses " + original.setl_id;
  for (const auto& leg : f.original_legs) {
    // What a leg spent from a hold (共济额度) goes back under it (issue 16).
    d.transfer.legs.push_back(
        {leg.credit_account_id, leg.debit_account_id, leg.amount, "reversal:" + leg.rule, std::nullopt, leg.spends_hold});
  }

  SettlementView& view = d.view;
  view.person = f.insured.person;
  for (const auto& e : f.insured.enrolments) {
    if (e.insutype == original.insutype) view.enrolment = e;
  }
  view.row = row;
  view.mdtrt_id = original.mdtrt_id;
  view.mdtrt_cert_type = f.visit ? f.visit->mdtrt_cert_type : "";
  view.setl_time = core::format_shanghai_datetime(clock.now);
  view.clr_type = clr_type_of(f.visit ? f.visit->kind : "outpatient");
  view.reversal = true;
  view.age_tenths = age_tenths_of(f.insured.person.birth_date, clock.today);
  return d;
}

}  // namespace yibao::services
