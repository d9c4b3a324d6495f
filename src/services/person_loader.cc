#include "services/person_loader.h"

#include "core/clock.h"
#include "services/policy_lookup.h"

namespace yibao::services {

domain::Enrolment to_domain(const store::EnrolmentRow& row) {
  domain::Enrolment e;
  e.id = row.id;
  e.insutype = row.insutype;
  e.admdvs = row.admdvs;
  e.psn_type = row.psn_type;
  e.status = domain::parse_enrolment_status(row.status).value_or(domain::EnrolmentStatus::terminated);
  // Dates are written by the platform itself; a malformed one would be a bug, shown as 1970.
  auto date = [](const std::string& s) {
    auto d = core::parse_date(s);
    return d ? *d : std::chrono::year_month_day{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}};
  };
  e.start_date = date(row.start_date);
  if (row.end_date) e.end_date = date(*row.end_date);
  e.benefits_from = date(row.benefits_from);
  e.is_current = row.is_current;
  return e;
}

namespace {

Subject complete(store::Tx& tx, store::InsuredPerson insured, std::chrono::year_month_day today, std::int64_t now_us,
                 bool writable) {
  Subject s;
  s.person = std::move(insured.person);
  // The credential comes with the person (one statement). Without a row yet, a write
  // transaction creates it on first sight; a read (which may not write) sees a never-activated
  // credential as an inactive one.
  if (insured.credential) {
    s.credential = std::move(*insured.credential);
  } else if (writable) {
    s.credential = store::CredentialRepo::ensure_for_person(tx, s.person.id, now_us);
  } else {
    s.credential.person_id = s.person.id;
  }
  s.enrolment_rows = std::move(insured.enrolments);
  bool any_active = false;
  for (const auto& row : s.enrolment_rows) {
    s.enrolments.push_back(to_domain(row));
    any_active = any_active || domain::is_active(s.enrolments.back(), today);
    if (row.is_current) s.current = row;
  }
  s.facts.person_found = true;
  s.facts.person_active = s.person.status == "active";
  s.facts.records_with_same_id = insured.active_records_with_id_number;
  s.facts.state = domain::parse_credential_state(s.credential.state).value_or(domain::CredentialState::inactive);
  s.facts.has_active_enrolment = any_active;
  s.policy = s.current ? policy_for(tx, s.current->admdvs) : domain::RegionPolicy{};
  return s;
}

}  // namespace

std::optional<Subject> load_subject(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today,
                                    std::int64_t now_us, bool writable) {
  auto person = store::PeopleRepo::insured_by_id(tx, person_id);
  if (!person) return std::nullopt;
  return complete(tx, std::move(*person), today, now_us, writable);
}

std::optional<Subject> load_subject_by_credential(store::Tx& tx, std::int64_t credential_id,
                                                  std::chrono::year_month_day today, std::int64_t now_us) {
  auto person = store::PeopleRepo::insured_by_credential(tx, credential_id);
  if (!person) return std::nullopt;
  return complete(tx, std::move(*person), today, now_us, false);
}

std::optional<Subject> load_subject_by_psn_no(store::Tx& tx, const std::string& psn_no, std::chrono::year_month_day today,
                                              std::int64_t now_us, bool writable) {
  auto person = store::PeopleRepo::insured_by_psn_no(tx, psn_no);
  if (!person) return std::nullopt;
  return complete(tx, std::move(*person), today, now_us, writable);
}

core::Result<Subject> load_subject_by_identity(store::Tx& tx, const std::string& id_number, const std::string& name,
                                               std::chrono::year_month_day today, std::int64_t now_us, bool writable) {
  const auto records = store::PeopleRepo::persons_by_id_number(tx, id_number);
  bool merged_match = false;
  for (const auto& record : records) {
    if (record.name != name) continue;
    if (record.status != "active") {
      merged_match = true;
      continue;
    }
    if (auto insured = store::PeopleRepo::insured_by_id(tx, record.id)) {
      return complete(tx, std::move(*insured), today, now_us, writable);
    }
  }
  if (merged_match) return core::Reason::PERSON_NOT_ACTIVE;
  return core::Error{core::Reason::PERSON_UNKNOWN, {}, "id_number"};
}

}  // namespace yibao::services
