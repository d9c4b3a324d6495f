#pragma once
// Enrolment (参保, domain.md §4): several per person, one current for the credential.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace yibao::domain {

enum class EnrolmentStatus { normal, paused, terminated };  // 正常参保 / 暂停(停保) / 终止(注销)

std::string_view status_code(EnrolmentStatus s);           // "normal" | "paused" | "terminated"
std::optional<EnrolmentStatus> parse_enrolment_status(std::string_view code);
std::string_view status_label(EnrolmentStatus s);          // 正常参保 / 暂停参保 / 终止参保
std::string_view psn_insu_stas(EnrolmentStatus s);         // institution-interface code 1 / 2 / 4

struct Enrolment {
  std::int64_t id = 0;
  std::string insutype;   // "310" 职工 | "390" 城乡居民
  std::string admdvs;     // 统筹区 = insuplc_admdvs
  std::string psn_type;   // 1101 在职, 1201 退休, 1501 普通居民, 1403 中小学生 ...
  EnrolmentStatus status = EnrolmentStatus::normal;
  std::chrono::year_month_day start_date{};
  std::optional<std::chrono::year_month_day> end_date;
  std::chrono::year_month_day benefits_from{};  // after the waiting period, if any
  bool is_current = false;
};

// In force on `date`: normal status, started, not ended.
bool is_active(const Enrolment& e, std::chrono::year_month_day date);
// Insured but not yet entitled (domain.md §4): counts as not insured for mutual aid.
bool is_waiting(const Enrolment& e, std::chrono::year_month_day date);

// When benefits start: a resident (390) enrolment made outside the collection window waits
// `resident_waiting_days`; everything else starts at once.
std::chrono::year_month_day benefits_start(const std::string& insutype, std::chrono::year_month_day start,
                                           bool outside_collection_window, int resident_waiting_days);

// The enrolment that should be current after a change: the current one while it is active,
// else the active one that started most recently, else none.
std::optional<std::int64_t> choose_current(const std::vector<Enrolment>& enrolments, std::chrono::year_month_day date);

// 缴费地切换: only to an active enrolment of the same person.
core::Status check_switch(const std::vector<Enrolment>& enrolments, std::int64_t target_id,
                          std::chrono::year_month_day date);

}  // namespace yibao::domain
