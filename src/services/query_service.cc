#include "services/query_service.h"

#include <algorithm>

#include "core/clock.h"
#include "domain/policy.h"
#include "domain/remote_treatment.h"
#include "domain/settlement_calculator.h"
#include "services/policy_lookup.h"
#include "services/treatment_checks.h"
#include "store/catalogue_repo.h"
#include "store/people_repo.h"
#include "store/query_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

core::Status check_time(const std::string& text, const char* field) {
  if (!core::parse_shanghai_datetime(text)) {
    return Error{Reason::FIELD_INVALID, std::string(field) + " 格式应为 yyyy-MM-dd HH:mm:ss", std::string("data.") + field};
  }
  return {};
}

core::Result<store::PersonRow> person_of(store::Tx& tx, const std::string& psn_no) {
  auto insured = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
  if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "data.psn_no"};
  return insured->person;
}

// The caller's settlement of visit mdtrt_id for psn_no: anything else — unknown, another
// institution's, another visit's or person's — is the same refusal, naming only setl_id.
core::Result<SettlementRecord> own_settlement(store::Tx& tx, const FsiCaller& caller, const std::string& setl_id,
                                              const std::string& mdtrt_id, const std::string& psn_no) {
  const Error not_found{Reason::FSI_SETTLEMENT_NOT_FOUND, setl_id, "data.setl_id"};
  auto row = store::SettlementRepo::settlement(tx, setl_id);
  if (!row || row->institution_code != caller.institution.code || row->mdtrt_id != mdtrt_id) return not_found;
  auto person = store::PeopleRepo::person_by_id(tx, row->person_id);
  if (!person || person->psn_no != psn_no) return not_found;
  auto visit = store::SettlementRepo::visit(tx, mdtrt_id);
  if (!visit) return not_found;
  SettlementRecord out;
  out.row = *row;
  out.visit = *visit;
  out.person = *person;
  out.setl_time = core::format_shanghai_datetime(core::TimePoint{std::chrono::microseconds{row->settled_at_us}});
  return out;
}

int hosp_level_of(const store::InstitutionRow& inst) {
  if (inst.level == "1" || inst.level == "2" || inst.level == "3") return inst.level[0] - '0';
  return 1;
}

domain::VisitType visit_type_of(const std::string& kind) {
  if (kind == "inpatient") return domain::VisitType::inpatient;
  if (kind == "pharmacy") return domain::VisitType::pharmacy;
  return domain::VisitType::outpatient;
}

}  // namespace

core::Result<std::vector<store::VisitRow>> QueryService::visits(const FsiCaller& caller, const VisitFilter& f) {
  if (auto ok = check_time(f.begntime, "begntime"); !ok) return ok.error();
  if (auto ok = check_time(f.endtime, "endtime"); !ok) return ok.error();
  // Same fixed format on both sides, so text order is time order.
  if (f.endtime < f.begntime) return Error{Reason::FIELD_INVALID, "endtime 不能早于 begntime", "data.endtime"};
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<std::vector<store::VisitRow>> {
    auto person = person_of(tx, f.psn_no);
    if (!person) return person.error();
    if (f.mdtrt_id) {
      auto visit = store::SettlementRepo::visit(tx, *f.mdtrt_id);
      if (!visit || visit->institution_code != caller.institution.code || visit->person_id != person->id) {
        return Error{Reason::FSI_VISIT_NOT_FOUND, *f.mdtrt_id, "data.mdtrt_id"};
      }
    }
    store::VisitQuery q{person->id, caller.institution.code, f.begntime, f.endtime, f.med_type, f.mdtrt_id};
    return store::QueryRepo::visits(tx, q, kMaxVisitsPerQuery);
  });
}

core::Result<std::vector<ChronicDrugLine>> QueryService::chronic_drugs(const FsiCaller& caller,
                                                                      const std::string& psn_no,
                                                                      const std::string& begntime,
                                                                      const std::string& endtime) {
  VisitFilter f{psn_no, begntime, endtime, std::string("14"), std::nullopt};
  auto visits = this->visits(caller, f);
  if (!visits) return visits.error();
  return ctx_.db.read([&](store::Tx& tx) {
    std::vector<ChronicDrugLine> out;
    for (const auto& v : *visits) {
      const auto fees = store::QueryRepo::standing_fees(tx, v.id);
      std::vector<std::string> codes;
      for (const auto& fee : fees) codes.push_back(fee.med_list_codg);
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      const auto items = store::CatalogueRepo::find_many(tx, v.mdtrtarea_admvs, codes);
      for (const auto& fee : fees) {
        const auto item = items.find(fee.med_list_codg);
        if (item == items.end()) continue;  // 目录外: its kind is unknown, so not called a drug
        const auto& type = item->second.med_chrgitm_type;
        if (type == "09" || type == "10" || type == "11") out.push_back({fee, v, type});
      }
    }
    return out;
  });
}

core::Result<SettlementRecord> QueryService::settlement(const FsiCaller& caller, const std::string& setl_id,
                                                        const std::string& mdtrt_id, const std::string& psn_no) {
  return ctx_.db.read([&](store::Tx& tx) { return own_settlement(tx, caller, setl_id, mdtrt_id, psn_no); });
}

core::Result<std::vector<PricedLine>> QueryService::settlement_fees(const FsiCaller& caller, const std::string& setl_id,
                                                                    const std::string& mdtrt_id,
                                                                    const std::string& psn_no) {
  const auto today = core::shanghai_date(ctx_.clock.now());
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<std::vector<PricedLine>> {
    auto record = own_settlement(tx, caller, setl_id, mdtrt_id, psn_no);
    if (!record) return record.error();
    const auto fees = store::SettlementRepo::fees_of_settlement(tx, setl_id);
    std::vector<PricedLine> out;
    if (fees.empty()) return out;
    // The insured place's policy (参保地政策) over the place of treatment's classes, as stored
    // on the details when they were uploaded (就医地目录).
    const auto region = policy_for(tx, record->visit.insuplc_admdvs);
    auto policy = domain::settlement_policy_for(region, record->row.insutype);
    if (!policy) return policy.error();
    domain::SettlementInput in;
    in.policy = *policy;
    in.hosp_level = hosp_level_of(caller.institution);
    in.visit = visit_type_of(record->visit.kind);
    in.acct_used_flag = false;
    in.today = today;
    in.region = region;
    std::vector<std::string> codes;
    for (const auto& f : fees) {
      in.lines.push_back(domain::FeeLine{f.feedetl_sn, f.med_list_codg, f.chrgitm_lv, f.det_item_fee_sumamt,
                                         f.cnt_milli, f.pric_fen, f.price_cap_fen, f.account_scope});
      codes.push_back(f.med_list_codg);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    const auto items = store::CatalogueRepo::find_many(tx, record->visit.mdtrtarea_admvs, codes);
    auto s = domain::calculate_settlement(in);
    if (!s) return s.error();
    for (std::size_t i = 0; i < s->lines.size() && i < fees.size(); ++i) {
      PricedLine p;
      p.split = s->lines[i];
      p.cnt_milli = fees[i].cnt_milli;
      p.pric_fen = fees[i].pric_fen;
      p.price_cap_fen = fees[i].price_cap_fen;
      const auto item = items.find(fees[i].med_list_codg);
      p.med_chrgitm_type = item != items.end() ? item->second.med_chrgitm_type : "14";
      const auto& lv = fees[i].chrgitm_lv;
      p.pre_self_pay_bp = lv == "01" ? 0 : lv == "02" ? policy->pre_self_pay_bp : 10000;
      out.push_back(std::move(p));
    }
    return out;
  });
}

core::Result<std::vector<Cumulative>> QueryService::cumulative(const FsiCaller& caller, const std::string& psn_no,
                                                               int year) {
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<std::vector<Cumulative>> {
    auto insured = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
    if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "data.psn_no"};
    if (!store::QueryRepo::has_visit(tx, insured->person.id, caller.institution.code)) {
      return Error{Reason::FSI_VISIT_NOT_FOUND, "该人员在本机构没有就诊记录", "data.psn_no"};
    }
    std::vector<Cumulative> out;
    for (const auto& e : insured->enrolments) {
      // A person enrolled twice under one insutype (moved region) has one accumulator row.
      const bool seen = std::any_of(out.begin(), out.end(), [&](const Cumulative& c) { return c.insutype == e.insutype; });
      if (seen) continue;
      out.push_back({e.insutype, year, store::SettlementRepo::ytd(tx, insured->person.id, year, e.insutype)});
    }
    return out;
  });
}

core::Result<store::CataloguePage> QueryService::catalogue_page(const store::CataloguePageQuery& q) {
  if (q.page_num < 1) return Error{Reason::FIELD_INVALID, "page_num 须为从 1 开始的页码", "data.page_num"};
  if (q.page_size < 1 || q.page_size > kMaxCataloguePageSize) {
    return Error{Reason::FIELD_INVALID, "page_size 须在 1 到 " + std::to_string(kMaxCataloguePageSize) + " 之间",
                 "data.page_size"};
  }
  if (!q.begndate.empty() && (q.begndate.size() != 10 || !core::parse_date(q.begndate))) {
    return Error{Reason::FIELD_INVALID, "begndate 格式应为 yyyy-MM-dd", "data.begndate"};
  }
  if (!q.updt_time.empty()) {
    if (auto ok = check_time(q.updt_time, "updt_time"); !ok) return ok.error();
  }
  return ctx_.db.read([&](store::Tx& tx) { return store::CatalogueRepo::page(tx, q); });
}

core::Result<std::vector<TreatmentCheckLine>> QueryService::treatment_check(const FsiCaller& caller,
                                                                          const TreatmentCheckRequest& r) {
  if (auto ok = check_time(r.begntime, "begntime"); !ok) return ok.error();
  const auto date = core::shanghai_date(*core::parse_shanghai_datetime(r.begntime));
  return ctx_.db.read([&](store::Tx& tx) -> core::Result<std::vector<TreatmentCheckLine>> {
    auto insured = store::PeopleRepo::insured_by_psn_no(tx, r.psn_no);
    if (!insured) return Error{Reason::PERSON_UNKNOWN, "psn_no", "data.psn_no"};
    if (insured->person.status != "active") return Error{Reason::PERSON_NOT_ACTIVE};
    const std::string fund = r.insutype == "310" ? "310100" : "390100";
    const auto check = enrolment_check(*insured, r.insutype, caller.insuplc_admdvs, date);
    TreatmentCheckLine enrolment{kCheckEnrolment, fund};
    const store::EnrolmentRow* row = check.index ? &insured->enrolments[*check.index] : nullptr;
    if (row != nullptr) {
      enrolment.begndate = row->benefits_from.empty() ? row->start_date : row->benefits_from;
      enrolment.enddate = row->end_date;
    }
    switch (check.verdict) {
      case domain::EnrolmentVerdict::pays:
        enrolment.enjoy = true;
        enrolment.result = "参保正常，享受待遇";
        break;
      case domain::EnrolmentVerdict::waiting:
        enrolment.result = "处于待遇等待期，" + row->benefits_from + " 起享受待遇";
        break;
      case domain::EnrolmentVerdict::not_in_force:
        enrolment.begndate = row->start_date;
        enrolment.result = "参保状态不正常（" + row->status + "）或不在参保期内，不享受待遇；请到参保地医保经办机构核实参保状态";
        break;
      case domain::EnrolmentVerdict::not_enrolled:
        enrolment.result = "未参加险种 " + r.insutype +
                           (caller.insuplc_admdvs.empty() ? "" : "（参保地 " + caller.insuplc_admdvs + "）") +
                           "，不享受待遇；请核对 insutype 和 insuplc_admdvs";
        break;
    }
    std::vector<TreatmentCheckLine> out{enrolment};
    if (row != nullptr) {
      TreatmentCheckLine remote{kCheckRemote, fund};
      remote.begndate = r.begntime.substr(0, 10);
      if (auto ok = remote_allowed(tx, *row, caller.institution, insured->person.id, date); ok) {
        remote.enjoy = true;
        remote.result = domain::classify_treatment_place(row->admdvs, caller.institution.admdvs) ==
                                domain::TreatmentPlace::same_pool
                            ? "参保统筹区内就医"
                            : "异地就医，允许结算";
      } else {
        const auto& why = core::info(ok.reason());
        remote.result = std::string(why.message) + "；" + std::string(why.remedy);
      }
      out.push_back(std::move(remote));
    }
    return out;
  });
}

}  // namespace yibao::services
