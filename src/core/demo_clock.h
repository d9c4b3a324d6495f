#pragma once
// The platform's clock: the system clock plus an offset that only a demo or test deployment
// (`serve --demo-clock`, issue 19) ever sets, and only forward. Every rule reads time through
// core::Clock, so moving this one walks the whole platform — monthly limits, 16th birthdays,
// waiting periods, the 06:00 returns — into the future. Offset 0 is exactly the system clock.
//
// Forward only: idempotency windows, sessions, nonces and ledger entries all assume time never
// runs backwards; a demo that wants "today" again starts from a fresh demo store.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace yibao::core {

class DemoClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::system_clock::now() + std::chrono::microseconds(offset_us_.load(std::memory_order_relaxed));
  }
  std::int64_t offset_us() const { return offset_us_.load(); }
  // Callers check that the new offset is not smaller (DemoClockService).
  void set_offset_us(std::int64_t offset) { offset_us_.store(offset); }

 private:
  std::atomic<std::int64_t> offset_us_{0};
};

}  // namespace yibao::core
