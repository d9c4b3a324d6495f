#include "domain/pin_rules.h"

#include <array>
#include <string>

namespace yibao::domain {
namespace {

std::string two(unsigned v) {
  std::string s = std::to_string(v % 100);
  return s.size() == 1 ? "0" + s : s;
}

bool is_run(std::string_view pin, int step) {
  for (std::size_t i = 1; i < pin.size(); ++i) {
    if ((pin[i - 1] - '0' + step + 10) % 10 != pin[i] - '0') return false;
  }
  return true;
}

}  // namespace

core::Status check_new_pin(std::string_view pin, std::chrono::year_month_day birth_date) {
  if (pin.size() != 6) return core::Error{core::Reason::PIN_FORMAT, {}, "pin"};
  for (char c : pin) {
    if (c < '0' || c > '9') return core::Error{core::Reason::PIN_FORMAT, {}, "pin"};
  }
  if (pin.find_first_not_of(pin[0]) == std::string_view::npos) {
    return core::Error{core::Reason::PIN_WEAK, "不能使用 6 位相同数字", "pin"};
  }
  if (is_run(pin, 1) || is_run(pin, -1)) return core::Error{core::Reason::PIN_WEAK, "不能使用连续数字", "pin"};

  const int y = static_cast<int>(birth_date.year());
  const std::string yy = two(static_cast<unsigned>(y));
  const std::string mm = two(static_cast<unsigned>(birth_date.month()));
  const std::string dd = two(static_cast<unsigned>(birth_date.day()));
  const std::array<std::string, 6> birthday_forms = {yy + mm + dd, mm + dd + yy, dd + mm + yy,
                                                     std::to_string(y) + mm, mm + dd + mm, dd + mm + dd};
  for (const auto& form : birthday_forms) {
    if (pin == form) return core::Error{core::Reason::PIN_WEAK, "不能使用出生日期作为密码", "pin"};
  }
  return {};
}

core::Status check_not_locked(const PinLock& lock, std::chrono::system_clock::time_point now) {
  if (lock.locked_until && now < *lock.locked_until) {
    const auto minutes = std::chrono::ceil<std::chrono::minutes>(*lock.locked_until - now).count();
    return core::Error{core::Reason::PIN_LOCKED, "约 " + std::to_string(minutes) + " 分钟后可再次尝试"};
  }
  return {};
}

PinLock after_attempt(const PinLock& lock, bool correct, std::chrono::system_clock::time_point now,
                      const RegionPolicy& policy) {
  if (correct) return PinLock{};
  PinLock next = lock;
  if (next.locked_until && now >= *next.locked_until) next = PinLock{};  // the lock has lifted: count afresh
  ++next.failures;
  if (next.failures >= policy.pin_max_failures) next.locked_until = now + std::chrono::minutes(policy.pin_lock_minutes);
  return next;
}

int attempts_left(const PinLock& lock, const RegionPolicy& policy) {
  return std::max(0, policy.pin_max_failures - lock.failures);
}

}  // namespace yibao::domain
