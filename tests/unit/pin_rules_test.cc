// domain.md §5: the e-credential password.
#include <gtest/gtest.h>

#include "domain/pin_rules.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;
const year_month_day kBirth{year{1981}, March, day{15}};

core::Reason reason(const core::Status& s) { return s.reason(); }

TEST(PinRules, MustBeSixDigits) {
  EXPECT_EQ(reason(check_new_pin("12345", kBirth)), core::Reason::PIN_FORMAT);
  EXPECT_EQ(reason(check_new_pin("1234567", kBirth)), core::Reason::PIN_FORMAT);
  EXPECT_EQ(reason(check_new_pin("12a456", kBirth)), core::Reason::PIN_FORMAT);
  EXPECT_TRUE(check_new_pin("135790", kBirth).ok());
}

TEST(PinRules, RefusesAllSameDigit) {
  for (const char* pin : {"000000", "111111", "999999"}) EXPECT_EQ(reason(check_new_pin(pin, kBirth)), core::Reason::PIN_WEAK) << pin;
}

TEST(PinRules, RefusesAscendingAndDescendingRuns) {
  for (const char* pin : {"123456", "234567", "456789", "890123", "654321", "987654", "210987"}) {
    EXPECT_EQ(reason(check_new_pin(pin, kBirth)), core::Reason::PIN_WEAK) << pin;
  }
  EXPECT_TRUE(check_new_pin("124578", kBirth).ok());
}

TEST(PinRules, RefusesBirthDateDigits) {
  for (const char* pin : {"810315", "031581", "150381", "198103"}) {
    EXPECT_EQ(reason(check_new_pin(pin, kBirth)), core::Reason::PIN_WEAK) << pin;
  }
  EXPECT_TRUE(check_new_pin("810316", kBirth).ok());
}

TEST(PinLockout, LocksAtTheConfiguredFailureAndForTheConfiguredTime) {
  RegionPolicy policy;
  policy.pin_max_failures = 3;
  policy.pin_lock_minutes = 30;
  const auto t0 = sys_days{year{2026} / 1 / 1} + hours{8};
  PinLock lock;
  lock = after_attempt(lock, false, t0, policy);
  lock = after_attempt(lock, false, t0, policy);
  EXPECT_TRUE(check_not_locked(lock, t0).ok());
  EXPECT_EQ(attempts_left(lock, policy), 1);
  lock = after_attempt(lock, false, t0, policy);
  EXPECT_EQ(reason(check_not_locked(lock, t0 + minutes{29})), core::Reason::PIN_LOCKED);
  EXPECT_TRUE(check_not_locked(lock, t0 + minutes{30}).ok());
  // After the lock lifts a new failure starts a fresh count.
  lock = after_attempt(lock, false, t0 + minutes{31}, policy);
  EXPECT_EQ(lock.failures, 1);
  EXPECT_FALSE(lock.locked_until.has_value());
}

TEST(PinLockout, ASuccessClearsTheCount) {
  RegionPolicy policy;
  const auto t0 = sys_days{year{2026} / 1 / 1};
  PinLock lock = after_attempt(PinLock{}, false, t0, policy);
  lock = after_attempt(lock, true, t0, policy);
  EXPECT_EQ(lock.failures, 0);
}

}  // namespace
}  // namespace yibao::domain
