#include "domain/treatment_checks.h"

namespace yibao::domain {

EnrolmentCheck check_enrolment(const std::vector<Enrolment>& enrolments, std::string_view insutype,
                               std::string_view insuplc_admdvs, std::chrono::year_month_day date) {
  EnrolmentCheck out;
  for (std::size_t i = 0; i < enrolments.size(); ++i) {
    const auto& e = enrolments[i];
    if (e.insutype != insutype) continue;
    if (insuplc_admdvs.empty() ? !e.is_current : e.admdvs != insuplc_admdvs) continue;
    if (!is_active(e, date)) {
      if (out.verdict == EnrolmentVerdict::not_enrolled) out = {EnrolmentVerdict::not_in_force, i};
      continue;
    }
    if (is_waiting(e, date)) {
      if (out.verdict != EnrolmentVerdict::waiting) out = {EnrolmentVerdict::waiting, i};
      continue;
    }
    return {EnrolmentVerdict::pays, i};
  }
  return out;
}

}  // namespace yibao::domain
