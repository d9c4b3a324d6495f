#include "domain/remote_treatment.h"

namespace yibao::domain {

TreatmentPlace classify_treatment_place(const std::string& insured, const std::string& treatment) {
  if (insured == treatment) return TreatmentPlace::same_pool;
  if (insured.size() >= 2 && treatment.size() >= 2 && insured.compare(0, 2, treatment, 0, 2) == 0) {
    return TreatmentPlace::same_province;
  }
  return TreatmentPlace::other_province;
}

bool is_remote_filing_type(const std::string& type) {
  for (const char* t : kRemoteFilingTypes) {
    if (type == t) return true;
  }
  return false;
}

bool filing_destination_covers(const std::string& dest, const std::string& treatment) {
  if (dest.size() != 6 || treatment.size() != 6) return false;
  if (dest == treatment) return true;
  if (dest.compare(2, 4, "0000") == 0) return dest.compare(0, 2, treatment, 0, 2) == 0;  // province
  if (dest.compare(4, 2, "00") == 0) return dest.compare(0, 4, treatment, 0, 4) == 0;    // city
  return false;
}

std::vector<core::Error> remote_treatment_blockers(const std::string& insured, const std::string& treatment,
                                                   const RegionPolicy& insured_policy,
                                                   const std::vector<RemoteFiling>& filings,
                                                   std::chrono::year_month_day today) {
  std::vector<core::Error> out;
  const auto place = classify_treatment_place(insured, treatment);
  if (place == TreatmentPlace::same_pool) return out;
  if (place == TreatmentPlace::same_province && !insured_policy.intra_province_filing) return out;
  bool covered_some_day = false;
  for (const auto& f : filings) {
    if (!filing_destination_covers(f.dest_admdvs, treatment)) continue;
    if (f.valid_from <= today && today <= f.valid_to) return out;
    covered_some_day = true;
  }
  const std::string where = "参保地 " + insured + "，就医地 " + treatment;
  if (covered_some_day) {
    out.emplace_back(core::Reason::REMOTE_FILING_NOT_IN_FORCE, where);
  } else {
    out.emplace_back(core::Reason::REMOTE_FILING_REQUIRED, where);
  }
  return out;
}

}  // namespace yibao::domain
