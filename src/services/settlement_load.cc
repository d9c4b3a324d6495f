#include "services/settlement_load.h"

#include <algorithm>

#include "core/clock.h"
#include "services/fsi_parties.h"
#include "services/fsi_transaction.h"
#include "services/mutual_aid_service.h"
#include "services/policy_lookup.h"
#include "services/treatment_checks.h"
#include "store/catalogue_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr std::size_t kMaxLinesPerCall = 500;

std::vector<std::string> distinct_codes(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

// The details were classified on their upload day; their item types follow that, not today.
std::vector<std::string> item_types_of(store::Tx& tx, const std::string& place, const std::vector<store::FeeRow>& fees) {
  std::vector<std::string> codes;
  for (const auto& f : fees) codes.push_back(f.med_list_codg);
  const auto items = store::CatalogueRepo::find_many(tx, place, distinct_codes(std::move(codes)), "");
  std::vector<std::string> out;
  for (const auto& f : fees) {
    auto it = items.find(f.med_list_codg);
    out.push_back(it != items.end() ? it->second.med_chrgitm_type : "14");
  }
  return out;
}

// 2101/2102: the purchase is its own visit, built here and written only by a settlement.
store::VisitRow pharmacy_visit(const FsiCaller& caller, const SettleRequest& r, const store::PersonRow& person,
                               const store::EnrolmentRow& enrolment, const SettleClock& clock) {
  store::VisitRow v =
      new_visit(caller, serial(caller.institution.admdvs, clock.now), person.id, enrolment, clock.now_us);
  v.kind = "pharmacy";
  v.insutype = r.insutype;
  v.med_type = r.med_type;
  v.ipt_otp_no = caller.msgid;
  v.mdtrt_cert_type = r.cert.type;
  v.begntime = r.begntime;
  v.dise_codg = r.dise_codg;
  v.dise_name = r.dise_name;
  return v;
}

// A registered visit's details to settle, in one read with the checks on them.
core::Status load_visit_fees(store::Tx& tx, const FsiCaller& caller, const SettleRequest& r, SettleFacts& f) {
  auto visit = own_visit(tx, caller, r.mdtrt_id, r.psn_no, nullptr, &f.person);
  if (!visit) return visit.error();
  f.visit = *visit;
  if (f.visit.status == "cancelled") return Error{Reason::FSI_VISIT_CLOSED};
  if (f.visit.insutype != r.insutype) return Error{Reason::FIELD_INVALID, "insutype 与挂号时不一致", "insutype"};
  // Outpatient: the batch, refused when it was settled. Inpatient: the stay's open details (an
  // interim settlement those so far, the discharge settlement — once — the rest).
  const bool outpatient = r.kind == "outpatient";
  f.batch = outpatient ? r.chrg_bchno : r.mid_setl ? "" : "dscg";
  const auto settled_batch = outpatient || !r.mid_setl ? std::optional<std::string>{f.batch} : std::nullopt;
  auto open = store::SettlementRepo::fees_to_settle(tx, f.visit.id, outpatient ? f.batch : "", settled_batch);
  if (open.batch_settled) return Error{Reason::FSI_ALREADY_SETTLED, outpatient ? f.batch : "出院结算"};
  f.pricing.fees = std::move(open.fees);
  f.trace_codes_waiting = open.trace_codes_waiting;
  if (!f.pricing.fees.empty()) f.pricing.item_types = item_types_of(tx, f.visit.mdtrtarea_admvs, f.pricing.fees);
  return {};
}

}  // namespace

core::Status check_lines(const std::vector<FeeInput>& lines) {
  if (lines.empty()) return Error{Reason::FIELD_MISSING, "feedetail", "feedetail"};
  if (lines.size() > kMaxLinesPerCall) return Error{Reason::FIELD_INVALID, "一次最多上传 500 条明细", "feedetail"};
  std::vector<std::string> sns;
  for (const auto& l : lines) sns.push_back(l.feedetl_sn);
  std::sort(sns.begin(), sns.end());
  if (std::adjacent_find(sns.begin(), sns.end()) != sns.end()) return Error{Reason::FSI_FEE_DUPLICATE, "feedetl_sn"};
  return {};
}

std::vector<store::FeeRow> classify(store::Tx& tx, const std::string& place, const std::string& on_date,
                                    std::int64_t visit_id, const std::vector<FeeInput>& lines,
                                    std::vector<std::string>& item_types) {
  std::vector<std::string> codes;
  for (const auto& l : lines) codes.push_back(l.med_list_codg);
  const auto items = store::CatalogueRepo::find_many(tx, place, distinct_codes(std::move(codes)), on_date);
  std::vector<store::FeeRow> out;
  item_types.clear();
  for (const auto& l : lines) {
    store::FeeRow f;
    f.visit_id = visit_id;
    f.feedetl_sn = l.feedetl_sn;
    f.chrg_bchno = l.chrg_bchno;
    f.med_list_codg = l.med_list_codg;
    f.medins_list_codg = l.medins_list_codg;
    f.det_item_fee_sumamt = l.det_item_fee_sumamt;
    f.cnt_milli = l.cnt_milli;
    f.pric_fen = l.pric_fen;
    auto it = items.find(l.med_list_codg);
    if (it != items.end()) {
      f.chrgitm_lv = it->second.chrgitm_lv;
      f.price_cap_fen = it->second.price_cap_fen;
      f.account_scope = it->second.account_scope;
      item_types.push_back(it->second.med_chrgitm_type);
    } else {
      f.chrgitm_lv = "";  // 目录外: self-paid with the calculator's memo
      f.price_cap_fen = 0;
      f.account_scope = false;
      item_types.push_back("14");
    }
    out.push_back(f);
  }
  return out;
}

std::optional<std::chrono::year_month_day> admission_of(const store::VisitRow& v) {
  if (v.kind != "inpatient" || v.begntime.size() < 10) return std::nullopt;
  auto d = core::parse_date(v.begntime.substr(0, 10));
  if (!d) return std::nullopt;
  return *d;
}

core::Result<SettleFacts> load_settlement(store::Tx& tx, const FsiCaller& caller, const SettleRequest& r,
                                          LoadFor purpose, const SettleClock& clock) {
  const auto now = clock.now_us;
  const auto today = clock.today;
  SettleFacts f;
  f.request = r;
  std::optional<store::EcTokenRow> token;
  auto insured = person_checked(tx, caller, r.psn_no, r.cert, now, &token);
  if (!insured) return insured.error();
  if (token) {
    f.ec_token = token->token;
    f.ec_token_used = token->settled;
  }
  f.person = insured->person;
  auto enrolment = paying_enrolment(*insured, r.insutype, caller.insuplc_admdvs, today);
  if (!enrolment) return enrolment.error();
  if (auto ok = remote_allowed(tx, *enrolment, caller.institution, f.person.id, today); !ok) return ok.error();
  if (r.kind == "pharmacy") {
    if (auto ok = check_lines(r.lines); !ok) return ok.error();
    f.visit = pharmacy_visit(caller, r, f.person, *enrolment, clock);
    auto lines = r.lines;
    for (auto& l : lines) l.chrg_bchno = "";
    f.pricing.fees = classify(tx, f.visit.mdtrtarea_admvs, core::format_date(today), 0, lines, f.pricing.item_types);
  } else if (auto ok = load_visit_fees(tx, caller, r, f); !ok) {
    return ok.error();
  }

  PricingFacts& p = f.pricing;
  p.institution = caller.institution;
  p.enrolment = *enrolment;
  p.region = policy_for(tx, enrolment->admdvs);
  p.visit_kind = f.visit.kind;
  const int year = static_cast<int>(today.year());
  p.ytd = purpose == LoadFor::settle ? store::SettlementRepo::lock_ytd(tx, f.person.id, year, enrolment->insutype)
                                     : store::SettlementRepo::ytd(tx, f.person.id, year, enrolment->insutype);
  p.acct_used_flag = r.acct_used_flag;
  // A settlement reads every account it may move with the payers' balances, in one query.
  std::vector<std::string> also;
  if (purpose == LoadFor::settle) {
    also = {institution_receivable_code(caller.institution.code), fund_account_code(enrolment->admdvs, enrolment->insutype),
            cash_desk_code(caller.institution.code)};
  }
  auto sources = payer_sources(tx, f.person.id, also);
  p.own = sources.own;
  p.wallet_balance = sources.wallet_balance;
  p.aid = std::move(sources.aid);
  f.accounts = std::move(sources.accounts);
  p.admission = admission_of(f.visit);
  p.today = today;
  return f;
}

}  // namespace yibao::services
