#pragma once
// The benefit rules a settlement applies before it pays (issue 15), shared by the settlement
// use cases (settlement_load.cc, visit_transactions.cc) and 2001 人员待遇享受检查
// (query_service.cc): one source of truth, so the check never answers "享受" where settling
// would refuse.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "domain/treatment_checks.h"
#include "store/database.h"
#include "store/institution_repo.h"
#include "store/people_repo.h"

namespace yibao::services {

// The enrolment's check by domain::check_enrolment over the person's rows.
domain::EnrolmentCheck enrolment_check(const store::InsuredPerson& person, const std::string& insutype,
                                       const std::string& insuplc_admdvs, std::chrono::year_month_day today);

// The enrolment that pays: the insutype asked for, in the envelope's insured region (or the
// current one when blank), in force today and out of any waiting period; FSI_NOT_INSURED else.
core::Result<store::EnrolmentRow> paying_enrolment(const store::InsuredPerson& person, const std::string& insutype,
                                                   const std::string& insuplc_admdvs, std::chrono::year_month_day today);

// 异地就医 (domain.md §9): treatment at `inst` under `enrolment` is allowed — inside the insured
// pool always, elsewhere by the insured region's knobs and the person's filings in force today;
// else the first blocker (REMOTE_FILING_REQUIRED, REMOTE_FILING_NOT_IN_FORCE).
core::Status remote_allowed(store::Tx& tx, const store::EnrolmentRow& enrolment, const store::InstitutionRow& inst,
                            std::int64_t person_id, std::chrono::year_month_day today);

}  // namespace yibao::services
