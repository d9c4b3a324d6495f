#pragma once
// Treatment away from the insured place (异地就医, domain.md §9), pure: where the place of
// treatment (mdtrtarea_admvs) lies relative to the insured place (insuplc_admdvs), and every
// rule that blocks settling there.
//
// - same 统筹区 (equal admdvs): ordinary settlement;
// - same province, other 统筹区: allowed, unless the insured region's knob
//   intra_province_filing requires a filing;
// - other province: only with a 异地就医备案 in force today whose destination covers the place
//   of treatment (a filing's destination may be the 统筹区, its city XXXX00 or its province
//   XX0000).

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/policy.h"

namespace yibao::domain {

enum class TreatmentPlace { same_pool, same_province, other_province };

TreatmentPlace classify_treatment_place(const std::string& insured_admdvs, const std::string& treatment_admdvs);

struct RemoteFiling {
  std::string filing_type;  // long_term_residence | temporary | referral
  std::string dest_admdvs;
  std::chrono::year_month_day valid_from{};
  std::chrono::year_month_day valid_to{};  // inclusive
};

inline constexpr const char* kRemoteFilingTypes[] = {"long_term_residence", "temporary", "referral"};
bool is_remote_filing_type(const std::string& type);

// Does a filing to `dest_admdvs` cover care given in `treatment_admdvs`?
bool filing_destination_covers(const std::string& dest_admdvs, const std::string& treatment_admdvs);

// Every blocking rule, empty when settling here is allowed: REMOTE_FILING_REQUIRED (no filing
// for this destination), REMOTE_FILING_NOT_IN_FORCE (one exists but not valid today).
std::vector<core::Error> remote_treatment_blockers(const std::string& insured_admdvs,
                                                   const std::string& treatment_admdvs,
                                                   const RegionPolicy& insured_policy,
                                                   const std::vector<RemoteFiling>& filings,
                                                   std::chrono::year_month_day today);

}  // namespace yibao::domain
