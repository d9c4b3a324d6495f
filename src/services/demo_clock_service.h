#pragma once
// The settable clock of demo and test deployments (issue 19 §3). Off unless `serve
// --demo-clock` runs on a demo store; then agency staff set or advance the platform's time —
// forward only — and every instance started on the store later starts from the same offset.

#include <chrono>
#include <cstdint>

#include "core/demo_clock.h"
#include "core/result.h"
#include "services/service_context.h"
#include "store/admin_repo.h"

namespace yibao::services {

struct ClockState {
  core::TimePoint now;
  bool enabled = false;        // serve --demo-clock
  std::int64_t offset_us = 0;  // 0: real time
};

class DemoClockService {
 public:
  DemoClockService(ServiceContext& ctx, core::DemoClock& clock, bool enabled)
      : ctx_(ctx), clock_(clock), enabled_(enabled) {}

  // Whether `yibao seed-demo` seeded this store (migration 0016's mark).
  static bool is_demo_store(store::Database& db);
  // seed-demo marks the store it seeded.
  static void mark_demo_store(store::Database& db, std::int64_t now_us);
  // At start with --demo-clock: the offset the demo had reached.
  void restore();

  ClockState state() const;
  // DEMO_CLOCK_DISABLED without --demo-clock; FIELD_INVALID unless `by` is positive.
  core::Result<ClockState> advance(const store::StaffRow& staff, std::chrono::microseconds by);
  // DEMO_CLOCK_BACKWARDS for a time before the platform's now.
  core::Result<ClockState> set(const store::StaffRow& staff, core::TimePoint to);

 private:
  core::Result<ClockState> move_to(const store::StaffRow& staff, std::int64_t offset_us, const std::string& what);

  ServiceContext& ctx_;
  core::DemoClock& clock_;
  bool enabled_;
};

}  // namespace yibao::services
