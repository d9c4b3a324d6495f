#pragma once
// Which enrolment pays for a treatment, and if none, why (issue 15: 2001 人员待遇享受检查 and
// the settlement use the same rule, so the check can never say yes where settling says no).
// Pure: no I/O.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/enrolment_rules.h"

namespace yibao::domain {

enum class EnrolmentVerdict {
  pays,          // in force on the date and out of any waiting period
  not_enrolled,  // no enrolment of this insutype in the insured region asked for
  not_in_force,  // enrolled there, but paused, ended or not yet started on the date
  waiting,       // in force, but inside the waiting period (待遇等待期)
};

struct EnrolmentCheck {
  EnrolmentVerdict verdict = EnrolmentVerdict::not_enrolled;
  // The enrolment that pays; otherwise the one the verdict is about (nullopt: not enrolled).
  std::optional<std::size_t> index;
};

// Among `enrolments`, the first of `insutype` in `insuplc_admdvs` (the current enrolment when
// blank) that is in force on `date` and out of its waiting period. When none pays, a waiting
// enrolment is reported before one that is not in force: it is the nearer to paying.
EnrolmentCheck check_enrolment(const std::vector<Enrolment>& enrolments, std::string_view insutype,
                               std::string_view insuplc_admdvs, std::chrono::year_month_day date);

}  // namespace yibao::domain
