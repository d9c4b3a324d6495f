#include "services/settlement_service.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/id_number.h"
#include "core/invariant.h"
#include "core/masking.h"
#include "core/money.h"
#include "domain/enrolment_rules.h"
#include "domain/settlement_policy.h"
#include "log/json_log.h"
#include "services/account_service.h"
#include "services/drug_trace.h"
#include "services/fsi_transaction.h"
#include "services/mutual_aid_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "services/treatment_checks.h"
#include "store/catalogue_repo.h"
#include "store/credential_repo.h"
#include "store/drug_trace_repo.h"
#include "store/ledger_repo.h"
#include "store/remote_filing_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

constexpr std::size_t kMaxLinesPerCall = 500;

int year_of(std::chrono::year_month_day d) { return static_cast<int>(d.year()); }

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

// The person and their enrolments in one read: every call below judges insurance next.
core::Result<store::InsuredPerson> person_by_psn_no(store::Tx& tx, const std::string& psn_no) {
  auto insured = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
  if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "psn_no"};
  if (insured->person.status != "active") return Error{Reason::PERSON_NOT_ACTIVE};
  return *insured;
}

// The person a credential names: ecToken (01) decoded by this institution and not expired; an
// ID number (02); a social security card (03) whose number is the ID number (third-generation
// cards), with card_sn required.
// `known`: a person already read in this transaction (by psn_no), returned as is when it is the one.
core::Result<store::InsuredPerson> person_by_cert(store::Tx& tx, const FsiCaller& caller, const CertInput& cert,
                                                  std::int64_t now_us, std::optional<std::string>* ec_token = nullptr,
                                                  const store::InsuredPerson* known = nullptr) {
  // The psn_no's person needs no second read.
  auto insured = [&](std::int64_t person_id) -> std::optional<store::InsuredPerson> {
    if (known != nullptr && known->person.id == person_id) return *known;
    return store::PeopleRepo::insured_by_id(tx, person_id);
  };
  if (cert.type == "01") {
    auto token = store::InstitutionRepo::ec_token(tx, cert.no);
    if (!token || token->institution_code != caller.institution.code || token->expires_at_us <= now_us) {
      return Error{Reason::FSI_CERT_INVALID, "ecToken", "mdtrt_cert_no"};
    }
    if (ec_token != nullptr) *ec_token = cert.no;
    auto person = insured(token->person_id);
    if (!person) return Error{Reason::FSI_CERT_INVALID, "ecToken", "mdtrt_cert_no"};
    return *person;
  }
  if (cert.type == "02" || cert.type == "03") {
    if (cert.type == "03" && cert.card_sn.empty()) return Error{Reason::FIELD_MISSING, "卡识别码（card_sn）", "card_sn"};
    // A mistyped number is told as such (ID_NUMBER_CHECKSUM …), not as an unknown person. 03
    // card numbers are ID numbers in this version and are checked the same way.
    const auto today = core::shanghai_date(core::TimePoint{std::chrono::microseconds{now_us}});
    auto id = core::IdNumber::parse(cert.no, today);
    if (!id) return Error{id.reason(), "就诊凭证编号（mdtrt_cert_no）", "mdtrt_cert_no"};
    const auto records = store::PeopleRepo::persons_by_id_number(tx, id->value());
    for (const auto& p : records) {
      if (p.status != "active") continue;
      if (auto person = insured(p.id)) return *person;
    }
    if (records.empty()) return Error{Reason::PERSON_UNKNOWN};
    return Error{Reason::PERSON_NOT_ACTIVE};
  }
  return Error{Reason::FIELD_INVALID, "mdtrt_cert_type 须为 01、02 或 03", "mdtrt_cert_type"};
}

// What the counter is told about a credential that cannot be used, while the person may still
// be treated with an ID card or social security card.
std::string credential_note(const std::string& state) {
  if (state == "frozen") return "该参保人的医保电子凭证已被冻结，本次可凭身份证或社保卡就医；解冻请联系参保地医保经办机构";
  if (state == "revoked") return "该参保人的医保电子凭证已注销，本次可凭身份证或社保卡就医";
  return {};
}

// psn_no and the credential must name the same person.
core::Result<store::InsuredPerson> person_checked(store::Tx& tx, const FsiCaller& caller, const std::string& psn_no,
                                                  const CertInput& cert, std::int64_t now_us,
                                                  std::optional<std::string>* ec_token = nullptr) {
  auto person = person_by_psn_no(tx, psn_no);
  if (!person) return person.error();
  auto by_cert = person_by_cert(tx, caller, cert, now_us, ec_token, &*person);
  if (!by_cert) return by_cert.error();
  if (by_cert->person.id != person->person.id) return Error{Reason::FSI_CERT_MISMATCH};
  return person;
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

struct Priced {
  domain::Settlement settlement;
  domain::SettlementPolicy policy;
  std::vector<PricedLine> lines;
  domain::AccountBalances own;  // the patient's balances the settlement was computed with
};

// Whether pricing reads who pays: a settlement does, the per-line split of 2204/2301 does not
// (class, price cap and pre-self-pay depend on neither balances nor mutual aid).
enum class Payers { read, skip };

// The calculator over stored (or in-memory) details: the insured place's deductible, ratio and
// cap, the place of treatment's catalogue (already applied to the details).
core::Result<Priced> price(store::Tx& tx, const store::InstitutionRow& inst, const store::PersonRow& person,
                           const store::EnrolmentRow& enrolment, const std::string& kind,
                           const std::vector<store::FeeRow>& fees, const std::vector<std::string>& item_types,
                           bool acct_used_flag, std::optional<std::chrono::year_month_day> admission,
                           std::chrono::year_month_day today, const store::YtdRow& ytd, Payers payers) {
  // The insured place's knobs (参保地政策); the catalogue was the place of treatment's.
  const auto region = policy_for(tx, enrolment.admdvs);
  auto policy = domain::settlement_policy_for(region, enrolment.insutype);
  if (!policy) return policy.error();
  domain::SettlementInput in;
  in.policy = *policy;
  in.hosp_level = hosp_level_of(inst);
  in.retired = is_retired(enrolment.psn_type);
  in.visit = visit_type_of(kind);
  for (const auto& f : fees) {
    in.lines.push_back(domain::FeeLine{f.feedetl_sn, f.med_list_codg, f.chrgitm_lv, f.det_item_fee_sumamt, f.cnt_milli,
                                       f.pric_fen, f.price_cap_fen, f.account_scope});
  }
  // Each visit type meets its own deductible; the fund's annual cap is one total.
  in.ytd = domain::YearToDate{ytd.deductible_paid_for(kind == "inpatient"), ytd.fund_paid};
  in.acct_used_flag = acct_used_flag;
  in.patient_has_account = enrolment.insutype == "310";
  if (payers == Payers::read) {
    auto sources = payer_sources(tx, person.id);
    in.own = sources.own;
    in.aid = std::move(sources.aid);
  }
  in.admission_date = admission;
  in.today = today;
  in.region = region;
  auto s = domain::calculate_settlement(in);
  if (!s) return s.error();
  Priced out{*s, *policy, priced_lines(*s, in.lines, item_types, *policy), in.own};
  return out;
}

// Details with their catalogue class at the place of treatment; unknown codes are self-paid.
std::vector<store::FeeRow> classify(store::Tx& tx, const std::string& place, const std::string& on_date,
                                    std::int64_t visit_id, const std::vector<FeeInput>& lines,
                                    std::vector<std::string>& item_types) {
  std::vector<std::string> codes;
  for (const auto& l : lines) codes.push_back(l.med_list_codg);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  const auto items = store::CatalogueRepo::find_many(tx, place, codes, on_date);
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

std::vector<std::string> item_types_of(store::Tx& tx, const std::string& place, const std::string& on_date,
                                       const std::vector<store::FeeRow>& fees) {
  std::vector<std::string> codes;
  for (const auto& f : fees) codes.push_back(f.med_list_codg);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  const auto items = store::CatalogueRepo::find_many(tx, place, codes, on_date);
  std::vector<std::string> out;
  for (const auto& f : fees) {
    auto it = items.find(f.med_list_codg);
    out.push_back(it != items.end() ? it->second.med_chrgitm_type : "14");
  }
  return out;
}

core::Status check_lines(const std::vector<FeeInput>& lines) {
  if (lines.empty()) return Error{Reason::FIELD_MISSING, "feedetail", "feedetail"};
  if (lines.size() > kMaxLinesPerCall) return Error{Reason::FIELD_INVALID, "一次最多上传 500 条明细", "feedetail"};
  std::vector<std::string> sns;
  for (const auto& l : lines) sns.push_back(l.feedetl_sn);
  std::sort(sns.begin(), sns.end());
  if (std::adjacent_find(sns.begin(), sns.end()) != sns.end()) return Error{Reason::FSI_FEE_DUPLICATE, "feedetl_sn"};
  return {};
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

std::int64_t own_balance(store::Tx& tx, std::int64_t person_id) {
  const auto b = personal_balances(tx, person_id);
  return b.current + b.prior;
}

}  // namespace

std::string fund_account_code(const std::string& insured_admdvs, const std::string& insutype) {
  return "fund:" + insured_admdvs + ":" + insutype;
}
std::string institution_receivable_code(const std::string& code) { return "inst:" + code + ":receivable"; }
std::string cash_desk_code(const std::string& code) { return "cash:" + code; }

core::Result<std::string> SettlementService::sign_in(const FsiCaller& caller, const std::string& opter_no) {
  const auto now = ctx_.clock.now();
  const std::string sign_no = serial(caller.institution.admdvs, now);
  auto signed_in = call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    store::SettlementRepo::insert_sign_in(tx, sign_no, caller.institution.code, opter_no, now_us(ctx_.clock));
    return {};
  });
  if (!signed_in) return signed_in.error();
  return sign_no;
}

core::Result<PersonInfo> SettlementService::person_info(const FsiCaller& caller, const CertInput& cert) {
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(ctx_.clock.now());
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<PersonInfo> {
    auto insured = person_by_cert(tx, caller, cert, now);
    if (!insured) return insured.error();
    const store::PersonRow* person = &insured->person;
    PersonInfo info;
    info.person = *person;
    info.age_tenths = age_tenths_of(person->birth_date, today);
    const auto credential = store::CredentialRepo::for_person(tx, person->id);
    info.credential_state = credential ? credential->state : "inactive";
    if (info.credential_state == "frozen" && cert.type == "01") return Error{Reason::CREDENTIAL_FROZEN};
    if (info.credential_state == "revoked" && cert.type == "01") return Error{Reason::CREDENTIAL_REVOKED};
    info.credential_note = credential_note(info.credential_state);
    const std::int64_t balc = own_balance(tx, person->id);
    for (const auto& e : insured->enrolments) {
      info.insurances.push_back({e, e.insutype == "310" ? balc : 0});
    }
    // Current enrolment first: HIS clients usually take insuinfo[0].
    std::stable_sort(info.insurances.begin(), info.insurances.end(),
                     [](const auto& a, const auto& b) { return a.enrolment.is_current && !b.enrolment.is_current; });
    store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, person->id, "fsi_1101",
                                                      "fsi", "mdtrt_cert_type=" + cert.type, now});
    return info;
  });
}

core::Result<store::VisitRow> SettlementService::open_visit(const FsiCaller& caller, const VisitOpen& r) {
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(ctx_.clock.now());
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<store::VisitRow> {
    // The msgid is claimed like a settlement's: a lost answer's retry gets the same visit, and
    // 2601 can find (and undo) the registration by it.
    auto replay = claim_msgid(tx, caller, now);
    if (!replay) return replay.error();
    if (*replay) {
      auto earlier = store::SettlementRepo::visit(tx, **replay);
      if (!earlier) return Error{Reason::FSI_MSGID_REUSED, caller.msgid, "msgid"};
      return *earlier;
    }
    auto insured = person_checked(tx, caller, r.psn_no, r.cert, now);
    if (!insured) return insured.error();
    const store::PersonRow* person = &insured->person;
    auto enrolment = paying_enrolment(*insured, r.insutype, caller.insuplc_admdvs, today);
    if (!enrolment) return enrolment.error();
    if (auto ok = remote_allowed(tx, *enrolment, caller.institution, person->id, today); !ok) return ok.error();
    store::VisitRow v;
    v.mdtrt_id = serial(caller.institution.admdvs, ctx_.clock.now());
    v.institution_code = caller.institution.code;
    v.person_id = person->id;
    v.kind = r.kind;
    v.insutype = r.insutype;
    v.med_type = r.med_type;
    v.ipt_otp_no = r.ipt_otp_no;
    v.insuplc_admdvs = enrolment->admdvs;
    v.mdtrtarea_admvs = caller.institution.admdvs;
    v.mdtrt_cert_type = r.cert.type;
    v.begntime = r.begntime;
    v.dise_codg = r.dise_codg;
    v.dise_name = r.dise_name;
    v.created_at_us = now;
    v.msgid = caller.msgid;
    auto id = store::SettlementRepo::insert_visit(tx, v);
    if (!id) return Error{Reason::FSI_VISIT_DUPLICATE, r.ipt_otp_no, r.kind == "inpatient" ? "ipt_no" : "ipt_otp_no"};
    v.id = *id;
    if (r.diagnoses) store::DiagnosisRepo::replace(tx, v.id, "admission", *r.diagnoses, now);
    if (r.agent) {
      store::SettlementRepo::insert_visit_agent(tx, v.id, *r.agent, now);
      // Masked: the log is read by operators, the agent's name and phone are not theirs to see.
      log::info("visit_registered_by_agent", {{"mdtrt_id", v.mdtrt_id},
                                              {"agnter_name", core::mask_name(r.agent->name)},
                                              {"agnter_rlts", r.agent->rlts},
                                              {"agnter_cert_type", r.agent->cert_type},
                                              {"agnter_tel", core::mask_phone(r.agent->tel)}});
    }
    store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, v.mdtrt_id);
    return v;
  });
}

core::Status SettlementService::cancel_visit(const FsiCaller& caller, const std::string& psn_no,
                                             const std::string& mdtrt_id, const std::string& ipt_otp_no) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, mdtrt_id, psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->ipt_otp_no != ipt_otp_no) return Error{Reason::FSI_VISIT_NOT_FOUND, ipt_otp_no, "ipt_otp_no"};
    return cancel_open_visit(tx, *visit, caller, "visit_cancelled", now_us(ctx_.clock));
  });
}

core::Status SettlementService::update_visit(const FsiCaller& caller, const VisitUpdate& u) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Status {
    auto found = own_visit(tx, caller, u.mdtrt_id, u.psn_no);
    if (!found) return found.error();
    store::VisitRow* visit = &found.value();
    if (visit->status != "open") return Error{Reason::FSI_VISIT_CLOSED};
    if (u.med_type) visit->med_type = *u.med_type;
    if (u.dise_codg) visit->dise_codg = *u.dise_codg;
    if (u.dise_name) visit->dise_name = *u.dise_name;
    if (u.endtime) visit->endtime = *u.endtime;
    if (u.discharge) visit->status = "discharged";
    store::SettlementRepo::update_visit(tx, *visit);
    if (u.diagnoses) {
      store::DiagnosisRepo::replace(tx, visit->id, u.discharge ? "discharge" : "outpatient", *u.diagnoses,
                                    now_us(ctx_.clock));
    }
    return {};
  });
}

namespace {

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

// At settlement: codes claimed with the details now belong to this settlement, and those sent
// with 2207/2304 (or with 2102's lines) are claimed for it — only for details it settled.
core::Status settle_trace_codes(store::Tx& tx, const FsiCaller& caller, const SettleRequest& r, const store::VisitRow& visit,
                                const std::vector<store::FeeRow>& fees, const std::string& setl_id, std::int64_t now) {
  // A pharmacy visit is created by this very call: no codes were claimed with its details before.
  if (visit.kind != "pharmacy") store::DrugTraceRepo::settle(tx, visit.id, setl_id);
  std::vector<domain::TraceCodeInput> codes = r.trace_codes;
  for (const auto& l : r.lines) codes.insert(codes.end(), l.trace_codes.begin(), l.trace_codes.end());
  if (codes.empty()) return {};
  std::map<std::string, std::string> line_codes;
  for (const auto& f : fees) line_codes.emplace(f.feedetl_sn, f.med_list_codg);
  const TraceSale sale{caller.institution.code, caller.infno, caller.msgid, visit.id, visit.person_id, setl_id, now};
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
        if (store::SettlementRepo::batch_settled(tx, visit->id, f.chrg_bchno)) {
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
    auto priced = price(tx, caller.institution, patient.person, enrolment, visit->kind, fees, item_types, false, std::nullopt,
                        today, store::YtdRow{}, Payers::skip);
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

namespace {

struct Context {
  store::PersonRow person;
  store::EnrolmentRow enrolment;
  store::VisitRow visit;
  std::vector<store::FeeRow> fees;
  std::vector<std::string> item_types;
  std::optional<std::string> ec_token;
  std::string batch;  // settlements.chrg_bchno
};

}  // namespace

// Shared by presettle and settle: who, which enrolment, the 异地 rule, the visit and its open
// details (pharmacy: a new visit with the purchase's details, only written when committing).
static core::Result<Context> settlement_context(store::Tx& tx, ServiceContext& ctx, const FsiCaller& caller,
                                                const SettleRequest& r, bool commit) {
  const auto now = now_us(ctx.clock);
  const auto today = core::shanghai_date(ctx.clock.now());
  Context c;
  auto insured = person_checked(tx, caller, r.psn_no, r.cert, now, &c.ec_token);
  if (!insured) return insured.error();
  c.person = insured->person;
  const store::PersonRow* person = &c.person;
  auto enrolment = paying_enrolment(*insured, r.insutype, caller.insuplc_admdvs, today);
  if (!enrolment) return enrolment.error();
  c.enrolment = *enrolment;
  if (auto ok = remote_allowed(tx, c.enrolment, caller.institution, person->id, today); !ok) return ok.error();
  if (r.kind == "pharmacy") {
    if (auto ok = check_lines(r.lines); !ok) return ok.error();
    store::VisitRow& v = c.visit;
    v.mdtrt_id = serial(caller.institution.admdvs, ctx.clock.now());
    v.institution_code = caller.institution.code;
    v.person_id = person->id;
    v.kind = "pharmacy";
    v.insutype = r.insutype;
    v.med_type = r.med_type;
    v.ipt_otp_no = caller.msgid;
    v.insuplc_admdvs = c.enrolment.admdvs;
    v.mdtrtarea_admvs = caller.institution.admdvs;
    v.mdtrt_cert_type = r.cert.type;
    v.begntime = r.begntime;
    v.dise_codg = r.dise_codg;
    v.dise_name = r.dise_name;
    v.created_at_us = now;
    if (commit) {
      auto id = store::SettlementRepo::insert_visit(tx, v);
      if (!id) return Error{Reason::FSI_VISIT_DUPLICATE, caller.msgid, "msgid"};
      v.id = *id;
    }
    auto lines = r.lines;
    for (auto& l : lines) l.chrg_bchno = "";
    c.fees = classify(tx, v.mdtrtarea_admvs, core::format_date(today), v.id, lines, c.item_types);
    if (commit) {
      std::vector<const store::FeeRow*> rows;
      for (const auto& f : c.fees) rows.push_back(&f);
      store::SettlementRepo::insert_fees(tx, rows, now);  // a new visit: no serial can exist yet
      c.fees = store::SettlementRepo::open_fees(tx, v.id, "");
    }
    c.batch = "";
  } else {
    auto visit = own_visit(tx, caller, r.mdtrt_id, r.psn_no, nullptr, &c.person);
    if (!visit) return visit.error();
    c.visit = *visit;
    if (c.visit.status == "cancelled") return Error{Reason::FSI_VISIT_CLOSED};
    if (c.visit.insutype != r.insutype) return Error{Reason::FIELD_INVALID, "insutype 与挂号时不一致", "insutype"};
    if (r.kind == "outpatient") {
      c.batch = r.chrg_bchno;
      if (store::SettlementRepo::batch_settled(tx, c.visit.id, c.batch)) return Error{Reason::FSI_ALREADY_SETTLED, c.batch};
      c.fees = store::SettlementRepo::open_fees(tx, c.visit.id, c.batch);
    } else {
      // Inpatient: an interim settlement settles the details so far; the discharge settlement
      // (once) the rest.
      c.batch = r.mid_setl ? "" : "dscg";
      if (!r.mid_setl && store::SettlementRepo::batch_settled(tx, c.visit.id, "dscg")) {
        return Error{Reason::FSI_ALREADY_SETTLED, "出院结算"};
      }
      c.fees = store::SettlementRepo::open_fees(tx, c.visit.id, "");
    }
    if (c.fees.empty()) return Error{Reason::FSI_NOTHING_TO_SETTLE, c.batch};
    // The details were classified on their upload day; their item types follow that, not today.
    c.item_types = item_types_of(tx, c.visit.mdtrtarea_admvs, "", c.fees);
  }
  std::int64_t sum = 0;
  for (const auto& f : c.fees) sum += f.det_item_fee_sumamt;
  if (sum != r.medfee_sumamt) {
    return Error{Reason::FSI_SUMAMT_MISMATCH,
                 "medfee_sumamt " + core::Money::from_fen(r.medfee_sumamt).to_string() + "，明细合计 " +
                     core::Money::from_fen(sum).to_string(),
                 "medfee_sumamt"};
  }
  return c;
}

static std::string aid_note_of(const domain::Settlement& s) {
  return s.plan.aid_silence ? s.plan.aid_silence->text : std::string{};
}

// The settlement's 医疗类别: the request's, else the visit's (2303/2304 input carries none).
static std::string med_type_of(const SettleRequest& r, const store::VisitRow& visit) {
  return r.med_type.empty() ? visit.med_type : r.med_type;
}

static std::optional<std::chrono::year_month_day> admission_of(const store::VisitRow& v) {
  if (v.kind != "inpatient" || v.begntime.size() < 10) return std::nullopt;
  auto d = core::parse_date(v.begntime.substr(0, 10));
  if (!d) return std::nullopt;
  return *d;
}

core::Result<SettlementView> SettlementService::presettle(const FsiCaller& caller, const SettleRequest& r) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<SettlementView> {
    auto c = settlement_context(tx, ctx_, caller, r, false);
    if (!c) return c.error();
    const auto ytd = store::SettlementRepo::ytd(tx, c->person.id, year_of(today), c->enrolment.insutype);
    auto priced = price(tx, caller.institution, c->person, c->enrolment, c->visit.kind, c->fees, c->item_types,
                        r.acct_used_flag, admission_of(c->visit), today, ytd, Payers::read);
    if (!priced) return priced.error();
    SettlementView view;
    view.person = c->person;
    view.enrolment = c->enrolment;
    view.row = row_from(priced->settlement);
    view.row.insutype = c->enrolment.insutype;
    view.row.med_type = med_type_of(r, c->visit);
    view.row.institution_code = caller.institution.code;
    view.lines = priced->lines;
    view.mdtrt_id = c->visit.mdtrt_id;
    view.mdtrt_cert_type = r.cert.type;
    view.clr_type = clr_type_of(c->visit.kind);
    view.balc = priced->own.current + priced->own.prior - priced->settlement.acct_pay;
    view.age_tenths = age_tenths_of(c->person.birth_date, today);
    view.aid_note = aid_note_of(priced->settlement);
    return view;
  });
}

core::Result<std::string> SettlementService::settle(const FsiCaller& caller, const SettleRequest& r,
                                                    const OutputRenderer& render) {
  const auto now_tp = ctx_.clock.now();
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(now_tp);
  // The payer plan reads the authorisers' balances before the ledger locks them; when another
  // settlement drew on the same authoriser meanwhile, the conditional update refuses
  // (BALANCE_INSUFFICIENT, nothing written) and the whole transaction runs again on the new
  // balances — the plan then takes less from them and more in cash.
  for (int attempt = 1;; ++attempt) {
    auto result = settle_once(caller, r, render, now_tp, now, today);
    if (result || result.reason() != Reason::BALANCE_INSUFFICIENT || attempt >= 3) return result;
  }
}

core::Result<std::string> SettlementService::settle_once(const FsiCaller& caller, const SettleRequest& r,
                                                         const OutputRenderer& render,
                                                         std::chrono::system_clock::time_point now_tp, std::int64_t now,
                                                         std::chrono::year_month_day today) {
  return call_write(ctx_, caller, [&](store::Tx& tx) -> core::Result<std::string> {
    auto replay = claim_msgid(tx, caller, now);
    if (!replay) return replay.error();
    if (*replay) return **replay;
    auto context = settlement_context(tx, ctx_, caller, r, true);
    if (!context) return context.error();
    Context* c = &context.value();
    if (c->ec_token && store::SettlementRepo::ec_token_used(tx, *c->ec_token)) return Error{Reason::QR_CONSUMED};
    const int year = year_of(today);
    const auto ytd = store::SettlementRepo::lock_ytd(tx, c->person.id, year, c->enrolment.insutype);
    auto priced = price(tx, caller.institution, c->person, c->enrolment, c->visit.kind, c->fees, c->item_types,
                        r.acct_used_flag, admission_of(c->visit), today, ytd, Payers::read);
    if (!priced) return priced.error();
    const auto& s = priced->settlement;

    store::SettlementRow row = row_from(s);
    row.setl_id = serial(caller.institution.admdvs, now_tp);
    if (r.kind == "inpatient" && r.mid_setl) c->batch = "mid:" + row.setl_id;
    row.visit_id = c->visit.id;
    row.person_id = c->person.id;
    row.institution_code = caller.institution.code;
    row.chrg_bchno = c->batch;
    row.msgid = caller.msgid;
    row.insutype = c->enrolment.insutype;
    row.med_type = med_type_of(r, c->visit);
    row.setl_year = year;
    row.ec_token = c->ec_token;
    row.settled_at_us = now;
    store::SettlementRepo::insert_settlement(tx, row);
    std::int64_t max_id = 0;
    for (const auto& f : c->fees) max_id = std::max(max_id, f.id);
    const auto settled = store::SettlementRepo::settle_fees(tx, c->visit.id, r.kind == "outpatient" ? c->batch : "",
                                                            max_id, row.setl_id);
    if (settled != static_cast<long long>(c->fees.size())) return Error{Reason::FSI_ALREADY_SETTLED, "明细已变化，请重试"};
    if (auto ok = settle_trace_codes(tx, caller, r, c->visit, c->fees, row.setl_id, now); !ok) return ok.error();
    store::SettlementRepo::add_ytd(tx, c->person.id, year, c->enrolment.insutype, c->visit.kind == "inpatient",
                                   s.act_pay_dedc, s.fund_pay_sumamt);
    if (r.kind == "inpatient" && !r.mid_setl) {
      c->visit.status = "discharged";
      store::SettlementRepo::update_visit(tx, c->visit);
    }

    // The ledger: every payer pays the institution's receivable. The accounts in one lookup;
    // the institution's and the fund's are opened on first use, personal ones must exist.
    const std::string inst_code = institution_receivable_code(caller.institution.code);
    const std::string fund_code = fund_account_code(c->enrolment.admdvs, c->enrolment.insutype);
    std::vector<std::pair<std::string, const domain::PlanLine*>> payers;
    for (const auto& line : s.plan.lines) {
      if (line.amount <= 0) continue;
      std::string code;
      switch (line.payer) {
        case domain::Payer::own_current: code = current_account_code(c->person.id); break;
        case domain::Payer::own_prior: code = prior_account_code(c->person.id); break;
        case domain::Payer::aid_current: code = current_account_code(line.authoriser_person_id.value_or(0)); break;
        case domain::Payer::aid_prior: code = prior_account_code(line.authoriser_person_id.value_or(0)); break;
        case domain::Payer::cash: code = cash_desk_code(caller.institution.code); break;
      }
      payers.emplace_back(code, &line);
    }
    std::vector<std::string> codes{inst_code, fund_code};
    for (const auto& [code, line] : payers) codes.push_back(code);
    auto accounts = store::LedgerRepo::accounts(tx, codes);
    const auto opened = [&](const std::string& code, const std::string& kind, const std::string& admdvs) {
      auto it = accounts.find(code);
      if (it == accounts.end()) {
        it = accounts.emplace(code, store::LedgerRepo::ensure_account(tx, code, kind, std::nullopt, admdvs, false, now)).first;
      }
      return it->second.id;
    };
    const auto inst_id = opened(inst_code, "institution_receivable", caller.institution.admdvs);
    store::TransferRequest transfer;
    transfer.idempotency_key = "settlement:" + row.setl_id;
    transfer.kind = "settlement";
    transfer.reference = row.setl_id;
    transfer.note = caller.infno + " " + caller.institution.code + " " + caller.msgid;
    if (s.fund_pay_sumamt > 0) {
      transfer.legs.push_back({opened(fund_code, "fund_pool", c->enrolment.admdvs), inst_id, s.fund_pay_sumamt, "hifp_pay"});
    }
    for (const auto& [code, line] : payers) {
      if (line->payer == domain::Payer::cash) {
        transfer.legs.push_back({opened(code, "cash_desk", caller.institution.admdvs), inst_id, line->amount, line->rule});
        continue;
      }
      const auto it = accounts.find(code);
      if (it == accounts.end()) return Error{Reason::INTERNAL_ERROR, "账户不存在: " + code};
      transfer.legs.push_back({it->second.id, inst_id, line->amount, line->rule});
    }
    // What the ledger moves is exactly what the answer says was paid (domain.md §9), checked
    // again here in release builds: the legs are built from the plan, not the setlinfo.
    YIBAO_INVARIANT(domain::check_identities(s).ok(), "settlement identities: " + row.setl_id);
    {
      std::int64_t moved = 0;
      for (const auto& leg : transfer.legs) moved += leg.amount;
      YIBAO_INVARIANT(moved == s.medfee_sumamt - s.hosp_part_amt, "settlement legs != fund + personal share: " + row.setl_id);
    }
    // 余额 after: a personal account this settlement moved reports what the move left (read
    // under its row lock); one it did not move, what the calculation saw.
    std::int64_t balc = priced->own.current + priced->own.prior;
    if (!transfer.legs.empty()) {
      auto posted = store::LedgerRepo::post(tx, transfer, now);
      if (!posted) return posted.error();
      balc = 0;
      for (const auto& [code, before] : {std::pair{current_account_code(c->person.id), priced->own.current},
                                         std::pair{prior_account_code(c->person.id), priced->own.prior}}) {
        const auto account = accounts.find(code);
        const auto after = account == accounts.end() ? posted->balances_after.end()
                                                     : posted->balances_after.find(account->second.id);
        balc += after == posted->balances_after.end() ? before : after->second;
      }
    }

    SettlementView view;
    view.person = c->person;
    view.enrolment = c->enrolment;
    view.row = row;
    view.lines = priced->lines;
    view.mdtrt_id = c->visit.mdtrt_id;
    view.mdtrt_cert_type = r.cert.type;
    view.setl_time = core::format_shanghai_datetime(now_tp);
    view.clr_type = clr_type_of(c->visit.kind);
    view.balc = balc;
    view.age_tenths = age_tenths_of(c->person.birth_date, today);
    view.aid_note = aid_note_of(s);
    const std::string output = render(view);
    store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, output);
    store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, c->person.id,
                                                      "fsi_" + caller.infno, "fsi", row.setl_id, now});
    return output;
  });
}

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
    auto visit = store::SettlementRepo::visit(tx, mdtrt_id);
    if (visit) {
      if (auto ok = kind_matches(caller, visit->kind); !ok) return ok.error();
    }
    return reverse_settlement(tx, caller, *original, *insured, render, now_tp);
  });
}

core::Result<std::string> SettlementService::reverse_settlement(store::Tx& tx, const FsiCaller& caller,
                                                                const store::SettlementRow& original,
                                                                const store::InsuredPerson& insured,
                                                                const OutputRenderer& render,
                                                                std::chrono::system_clock::time_point now_tp) {
  const auto now = now_us(ctx_.clock);
  const auto today = core::shanghai_date(now_tp);
  const std::string& setl_id = original.setl_id;
  const store::PersonRow* person = &insured.person;
  auto visit = store::SettlementRepo::visit(tx, original.mdtrt_id);
  if (!store::SettlementRepo::mark_reversed(tx, setl_id)) return Error{Reason::FSI_SETTLEMENT_REVERSED, setl_id};

  store::SettlementRow row = original;
  row.setl_id = serial(caller.institution.admdvs, now_tp);
  row.kind = "reversal";
  row.reverses_setl_id = setl_id;
  row.status = "reversal";
  row.msgid = caller.msgid;
  row.ec_token.reset();
  row.settled_at_us = now;
  for (std::int64_t* amount : {&row.medfee_sumamt, &row.fulamt_ownpay_amt, &row.overlmt_selfpay, &row.preselfpay_amt,
                               &row.inscp_scp_amt, &row.act_pay_dedc, &row.hifp_pay, &row.fund_pay_sumamt,
                               &row.psn_part_amt, &row.acct_pay, &row.acct_mulaid_pay, &row.psn_cash_pay,
                               &row.hosp_part_amt}) {
    *amount = -*amount;
  }
  store::SettlementRepo::insert_settlement(tx, row);
  // Its boxes are no longer sold: their trace codes may be sold again (a 2601 undid a sale
  // that never completed, which 扫码查药 does not count).
  store::DrugTraceRepo::release_settlement(tx, setl_id, caller.infno == "2601" ? "corrected" : "reversed", caller.msgid,
                                           now);
  store::SettlementRepo::reopen_fees(tx, setl_id);
  // The year's accumulators go back (in the year the settlement counted).
  store::SettlementRepo::add_ytd(tx, original.person_id, original.setl_year, original.insutype,
                                 visit && visit->kind == "inpatient", -original.act_pay_dedc,
                                 -original.fund_pay_sumamt);
  if (visit && visit->kind == "inpatient" && visit->status == "discharged" && original.chrg_bchno == "dscg") {
    visit->status = "open";
    store::SettlementRepo::update_visit(tx, *visit);
  }
  // Every leg back where it came from, authorisers' 历年 included.
  store::TransferRequest transfer;
  // Keyed by the reversal itself: a settlement put back by 2601 may be reversed again.
  transfer.idempotency_key = "reversal:" + row.setl_id;
  transfer.kind = "reversal";
  transfer.reference = row.setl_id;
  transfer.note = caller.infno + " " + caller.institution.code + " " + caller.msgid + " reverses " + setl_id;
  for (const auto& leg : store::LedgerRepo::legs_of(tx, "settlement:" + setl_id)) {
    transfer.legs.push_back({leg.credit_account_id, leg.debit_account_id, leg.amount, "reversal:" + leg.rule});
  }
  if (!transfer.legs.empty()) {
    auto posted = store::LedgerRepo::post(tx, transfer, now);
    if (!posted) return posted.error();
  }

  SettlementView view;
  view.person = *person;
  for (const auto& e : insured.enrolments) {
    if (e.insutype == original.insutype) view.enrolment = e;
  }
  view.row = row;
  view.mdtrt_id = original.mdtrt_id;
  view.mdtrt_cert_type = visit ? visit->mdtrt_cert_type : "";
  view.setl_time = core::format_shanghai_datetime(now_tp);
  view.clr_type = clr_type_of(visit ? visit->kind : "outpatient");
  view.balc = own_balance(tx, person->id);
  view.reversal = true;
  view.age_tenths = age_tenths_of(person->birth_date, today);
  const std::string output = render(view);
  store::SettlementRepo::set_reply_output(tx, caller.institution.code, caller.msgid, output);
  store::InstitutionRepo::audit(tx, store::AuditRow{"institution", caller.institution.code, person->id,
                                                    "fsi_" + caller.infno, "fsi", setl_id, now});
  return output;
}

}  // namespace yibao::services
