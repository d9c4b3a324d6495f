#include "services/registration_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/id_number.h"
#include "domain/enrolment_rules.h"
#include "services/agency_service.h"
#include "services/family_service.h"
#include "services/mutual_aid_service.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "store/credential_repo.h"
#include "store/institution_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

void audit(store::Tx& tx, const store::StaffRow& staff, std::int64_t person_id, const std::string& action,
           const std::string& detail, std::int64_t now) {
  store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, person_id, action, "agency", detail, now});
}

bool digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 在职/退休 for 职工, 学生儿童/其他居民 for 城乡居民: the national psn_type families.
bool psn_type_fits(const std::string& insutype, const std::string& psn_type) {
  if (psn_type.size() != 4 || !digits(psn_type)) return false;
  const auto family = psn_type.substr(0, 2);
  return insutype == "310" ? (family == "11" || family == "12") : (family == "14" || family == "15");
}

}  // namespace

core::Result<store::PersonRow> RegistrationService::register_person(const store::StaffRow& staff,
                                                                     const PersonRegistration& r) {
  const auto now_tp = ctx_.clock.now();
  const auto today = core::shanghai_date(now_tp);
  if (r.name.empty()) return Error{Reason::FIELD_MISSING, "请填写姓名", "name"};
  if (r.name.size() > 90) return Error{Reason::FIELD_INVALID, "姓名最长 30 个字", "name"};
  auto id = core::IdNumber::parse(r.id_number, today);
  if (!id) return Error{id.error().reason, id.error().detail, "id_number"};
  if (!r.phone.empty() && (r.phone.size() != 11 || r.phone[0] != '1' || !digits(r.phone))) {
    return Error{Reason::FIELD_INVALID, "手机号应为 11 位数字", "phone"};
  }
  if (!r.household_admdvs.empty()) {
    if (auto h = ctx_.regions.resolve(r.household_admdvs); !h) return Error{h.error().reason, h.error().detail, "household_admdvs"};
  }
  if (r.duplicate_reason.size() > 600) return Error{Reason::FIELD_INVALID, "原因最长 200 个字", "duplicate_reason"};
  const auto now = store::to_epoch_us(now_tp);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::PersonRow> {
    // One person, one record: a second record of a number is the 存在多个基本信息 the agency
    // spends days merging — only on purpose, with the reason on record.
    for (const auto& other : store::PeopleRepo::persons_by_id_number(tx, id->value())) {
      if (other.status == "active" && r.duplicate_reason.empty()) {
        return Error{Reason::PERSON_ALREADY_REGISTERED, "人员编号 " + other.psn_no, "id_number"};
      }
    }
    store::PersonRow row;
    row.psn_no = store::PeopleRepo::next_psn_no(tx, staff.admdvs);
    row.id_number = id->value();
    row.name = r.name;
    row.gend = id->sex() == core::Sex::male ? "1" : "2";
    row.birth_date = core::format_date(id->birth_date());
    if (!r.phone.empty()) row.phone = r.phone;
    row.created_at_us = now;
    row.id = store::PeopleRepo::insert_person(tx, row);
    if (!r.household_admdvs.empty()) {
      const long long person = row.id;
      tx.execute("UPDATE persons SET household_admdvs = :h WHERE id = :p", soci::use(r.household_admdvs), soci::use(person));
    }
    // The e-credential exists from the start (inactive): the person activates it in the app.
    store::CredentialRepo::ensure_for_person(tx, row.id, now);
    audit(tx, staff, row.id, "person_registered",
          row.psn_no + (r.duplicate_reason.empty() ? "" : " duplicate: " + r.duplicate_reason), now);
    return row;
  });
}

core::Result<store::EnrolmentRow> RegistrationService::add_enrolment(const store::StaffRow& staff, const std::string& psn_no,
                                                                      const EnrolmentRegistration& r) {
  const auto now_tp = ctx_.clock.now();
  const auto today = core::shanghai_date(now_tp);
  if (r.insutype != "310" && r.insutype != "390") {
    return Error{Reason::FIELD_INVALID, "险种类型须为 310（职工基本医疗保险）或 390（城乡居民基本医疗保险）", "insutype"};
  }
  if (!psn_type_fits(r.insutype, r.psn_type)) {
    return Error{Reason::FIELD_INVALID,
                 r.insutype == "310" ? "职工的人员类别为 11xx（在职）或 12xx（退休）" : "居民的人员类别为 14xx（学生儿童，1401 新生儿）或 15xx（其他居民）",
                 "psn_type"};
  }
  auto admdvs = ctx_.regions.resolve(r.admdvs);
  if (!admdvs) return Error{admdvs.error().reason, admdvs.error().detail, "admdvs"};
  if (admdvs->is_province() || admdvs->value().ends_with("00")) {
    return Error{Reason::FIELD_INVALID, "统筹区须为区县级区划（如 110105）", "admdvs"};
  }
  if (!staff_covers(staff.admdvs, admdvs->value())) return Reason::STAFF_OUT_OF_REGION;
  if (r.insutype == "310" && r.emp_name.empty()) return Error{Reason::FIELD_MISSING, "职工参保须填写单位名称", "emp_name"};
  const auto now = store::to_epoch_us(now_tp);
  return ctx_.db.write([&](store::Tx& tx) -> core::Result<store::EnrolmentRow> {
    auto person = store::PeopleRepo::person_by_psn_no(tx, psn_no);
    if (!person) return Error{Reason::PERSON_UNKNOWN, psn_no, "psn_no"};
    if (person->status != "active") return Reason::PERSON_NOT_ACTIVE;
    const bool newborn = r.psn_type == "1401";
    const std::string start = r.start_date.empty() && newborn ? person->birth_date : r.start_date;
    if (start.empty()) return Error{Reason::FIELD_MISSING, "请填写参保开始日期", "start_date"};
    const auto start_date = core::parse_date(start);
    if (start.size() != 10 || !start_date) return Error{Reason::FIELD_INVALID, "开始日期格式应为 yyyy-MM-dd", "start_date"};
    if (start < person->birth_date) return Error{Reason::FIELD_INVALID, "参保开始日期不能早于出生日期", "start_date"};
    if (newborn && start != person->birth_date) {
      return Error{Reason::FIELD_INVALID, "新生儿（1401）自出生之日起参保：开始日期须为出生日期 " + person->birth_date, "start_date"};
    }
    const auto existing = store::PeopleRepo::enrolments_of(tx, person->id);
    for (const auto& e : existing) {
      if (e.insutype == r.insutype && e.status != "terminated") {
        return Error{Reason::ENROLMENT_ALREADY_ACTIVE, e.admdvs + " " + e.start_date, "insutype"};
      }
    }
    const auto policy = policy_for(tx, admdvs->value());
    const bool outside_window = !(r.during_collection || newborn);
    store::EnrolmentRow row;
    row.person_id = person->id;
    row.insutype = r.insutype;
    row.admdvs = admdvs->value();
    row.psn_type = r.psn_type;
    row.status = "normal";
    row.start_date = start;
    row.benefits_from =
        core::format_date(domain::benefits_start(r.insutype, *start_date, outside_window, policy.resident_waiting_days));
    if (!r.emp_name.empty()) row.emp_name = r.emp_name;
    row.created_at_us = now;
    row.id = store::PeopleRepo::insert_enrolment(tx, row);
    // The credential's current enrolment stays an active one; family and mutual aid follow.
    std::vector<domain::Enrolment> all;
    for (const auto& e : store::PeopleRepo::enrolments_of(tx, person->id)) all.push_back(to_domain(e));
    const auto current = domain::choose_current(all, today);
    store::PeopleRepo::set_current_enrolment(tx, person->id, current);
    row.is_current = current && *current == row.id;
    reevaluate_mutual_aid(tx, person->id, today, now);
    reevaluate_family(tx, person->id, today, now);
    audit(tx, staff, person->id, "enrolment_added",
          row.insutype + " " + row.admdvs + " " + row.psn_type + " from " + row.start_date + " benefits " + row.benefits_from,
          now);
    return row;
  });
}

}  // namespace yibao::services
