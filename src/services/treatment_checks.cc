#include "services/treatment_checks.h"

#include <vector>

#include "core/clock.h"
#include "domain/remote_treatment.h"
#include "services/person_loader.h"
#include "services/policy_lookup.h"
#include "store/remote_filing_repo.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

std::vector<domain::RemoteFiling> filings_of(store::Tx& tx, std::int64_t person_id) {
  std::vector<domain::RemoteFiling> out;
  for (const auto& r : store::RemoteFilingRepo::of_person(tx, person_id, true)) {
    auto from = core::parse_date(r.valid_from);
    auto to = core::parse_date(r.valid_to);
    if (!from || !to) continue;
    out.push_back(domain::RemoteFiling{r.filing_type, r.dest_admdvs, *from, *to});
  }
  return out;
}

}  // namespace

domain::EnrolmentCheck enrolment_check(const store::InsuredPerson& person, const std::string& insutype,
                                       const std::string& insuplc_admdvs, std::chrono::year_month_day today) {
  std::vector<domain::Enrolment> enrolments;
  enrolments.reserve(person.enrolments.size());
  for (const auto& row : person.enrolments) enrolments.push_back(to_domain(row));
  return domain::check_enrolment(enrolments, insutype, insuplc_admdvs, today);
}

core::Result<store::EnrolmentRow> paying_enrolment(const store::InsuredPerson& person, const std::string& insutype,
                                                   const std::string& insuplc_admdvs, std::chrono::year_month_day today) {
  const auto check = enrolment_check(person, insutype, insuplc_admdvs, today);
  if (check.verdict == domain::EnrolmentVerdict::pays) return person.enrolments[*check.index];
  return Error{Reason::FSI_NOT_INSURED, "险种 " + insutype + (insuplc_admdvs.empty() ? "" : "，参保地 " + insuplc_admdvs)};
}

core::Status remote_allowed(store::Tx& tx, const store::EnrolmentRow& enrolment, const store::InstitutionRow& inst,
                            std::int64_t person_id, std::chrono::year_month_day today) {
  // Inside the insured pool no filing is asked for: most visits need not read them.
  if (domain::classify_treatment_place(enrolment.admdvs, inst.admdvs) == domain::TreatmentPlace::same_pool) return {};
  const auto blockers = domain::remote_treatment_blockers(enrolment.admdvs, inst.admdvs,
                                                          policy_for(tx, enrolment.admdvs), filings_of(tx, person_id), today);
  if (blockers.empty()) return {};
  return blockers.front();
}

}  // namespace yibao::services
