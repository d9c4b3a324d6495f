#include "domain/enrolment_rules.h"

#include <algorithm>

namespace yibao::domain {

std::string_view status_code(EnrolmentStatus s) {
  switch (s) {
    case EnrolmentStatus::normal: return "normal";
    case EnrolmentStatus::paused: return "paused";
    case EnrolmentStatus::terminated: return "terminated";
  }
  return "normal";
}

std::optional<EnrolmentStatus> parse_enrolment_status(std::string_view code) {
  for (auto s : {EnrolmentStatus::normal, EnrolmentStatus::paused, EnrolmentStatus::terminated}) {
    if (status_code(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view status_label(EnrolmentStatus s) {
  switch (s) {
    case EnrolmentStatus::normal: return "正常参保";
    case EnrolmentStatus::paused: return "暂停参保";
    case EnrolmentStatus::terminated: return "终止参保";
  }
  return "";
}

std::string_view psn_insu_stas(EnrolmentStatus s) {
  switch (s) {
    case EnrolmentStatus::normal: return "1";
    case EnrolmentStatus::paused: return "2";
    case EnrolmentStatus::terminated: return "4";
  }
  return "0";
}

bool is_active(const Enrolment& e, std::chrono::year_month_day date) {
  return e.status == EnrolmentStatus::normal && e.start_date <= date && (!e.end_date || date <= *e.end_date);
}

bool is_waiting(const Enrolment& e, std::chrono::year_month_day date) { return is_active(e, date) && date < e.benefits_from; }

std::chrono::year_month_day benefits_start(const std::string& insutype, std::chrono::year_month_day start,
                                           bool outside_collection_window, int resident_waiting_days) {
  if (insutype != "390" || !outside_collection_window) return start;
  return std::chrono::year_month_day{std::chrono::sys_days{start} + std::chrono::days{resident_waiting_days}};
}

std::optional<std::int64_t> choose_current(const std::vector<Enrolment>& enrolments, std::chrono::year_month_day date) {
  for (const auto& e : enrolments) {
    if (e.is_current && is_active(e, date)) return e.id;
  }
  const Enrolment* best = nullptr;
  for (const auto& e : enrolments) {
    if (is_active(e, date) && (best == nullptr || best->start_date < e.start_date)) best = &e;
  }
  if (best == nullptr) return std::nullopt;
  return best->id;
}

core::Status check_switch(const std::vector<Enrolment>& enrolments, std::int64_t target_id,
                          std::chrono::year_month_day date) {
  const auto it = std::find_if(enrolments.begin(), enrolments.end(), [&](const Enrolment& e) { return e.id == target_id; });
  if (it == enrolments.end()) return core::Reason::ENROLMENT_NOT_FOUND;
  if (!is_active(*it, date)) return core::Error{core::Reason::ENROLMENT_NOT_SWITCHABLE, std::string(status_label(it->status))};
  return {};
}

}  // namespace yibao::domain
