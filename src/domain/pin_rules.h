#pragma once
// The e-credential password (domain.md §5): six digits, not weak, locked after
// `pin_max_failures` consecutive failures for `pin_lock_minutes`.

#include <chrono>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "domain/policy.h"

namespace yibao::domain {

// PIN_FORMAT unless exactly six ASCII digits; PIN_WEAK for all-same digits, ascending or
// descending runs (123456, 654321, also wrapping 890123), or digits of the birth date
// (YYMMDD, MMDDYY, DDMMYY, YYYYMM, or the MMDD repeated like 0315 03).
core::Status check_new_pin(std::string_view pin, std::chrono::year_month_day birth_date);

struct PinLock {
  int failures = 0;  // consecutive failures since the last success
  std::optional<std::chrono::system_clock::time_point> locked_until;
};

// PIN_LOCKED while a lock is in force at `now`.
core::Status check_not_locked(const PinLock& lock, std::chrono::system_clock::time_point now);

// The state after an attempt. A success clears the count; a failure counts, and the
// `pin_max_failures`-th one locks for `pin_lock_minutes`. An expired lock starts a fresh count.
PinLock after_attempt(const PinLock& lock, bool correct, std::chrono::system_clock::time_point now,
                      const RegionPolicy& policy);

// How many tries remain before the lock engages (for the PIN_MISMATCH detail).
int attempts_left(const PinLock& lock, const RegionPolicy& policy);

}  // namespace yibao::domain
