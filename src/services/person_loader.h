#pragma once
// Loads a person with everything the credential rules look at, inside a transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/credential_rules.h"
#include "domain/enrolment_rules.h"
#include "domain/policy.h"
#include "store/credential_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

struct Subject {
  store::PersonRow person;
  store::CredentialRow credential;
  std::vector<store::EnrolmentRow> enrolment_rows;
  std::vector<domain::Enrolment> enrolments;
  domain::CredentialFacts facts;
  domain::RegionPolicy policy;  // of the current enrolment's region
  std::optional<store::EnrolmentRow> current;
};

domain::Enrolment to_domain(const store::EnrolmentRow& row);

// `writable`: called inside Database::write (creates the credential row if missing).

// By platform id (sessions, family members).
std::optional<Subject> load_subject(store::Tx& tx, std::int64_t person_id, std::chrono::year_month_day today,
                                    std::int64_t now_us, bool writable);
// The person of a credential (a decode, which knows the code's credential id), read with it.
std::optional<Subject> load_subject_by_credential(store::Tx& tx, std::int64_t credential_id,
                                                  std::chrono::year_month_day today, std::int64_t now_us);
std::optional<Subject> load_subject_by_psn_no(store::Tx& tx, const std::string& psn_no, std::chrono::year_month_day today,
                                              std::int64_t now_us, bool writable);

// By real name (activation, face login): the active record with this ID number and name.
// PERSON_UNKNOWN when none matches (a wrong name looks the same as an unknown person, so the
// answer does not reveal whose ID number it is); PERSON_NOT_ACTIVE for a merged-away record.
core::Result<Subject> load_subject_by_identity(store::Tx& tx, const std::string& id_number, const std::string& name,
                                               std::chrono::year_month_day today, std::int64_t now_us, bool writable);

}  // namespace yibao::services
