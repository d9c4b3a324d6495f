#include "services/demo_clock_service.h"

#include <mutex>
#include <string>

#include "log/json_log.h"
#include "store/institution_repo.h"
#include "store/platform_settings_repo.h"
#include "store/time_codec.h"

namespace yibao::services {
namespace {

using core::Error;
using core::Reason;

std::mutex move_mutex;  // two staff moving the clock at once: one after the other

}  // namespace

bool DemoClockService::is_demo_store(store::Database& db) {
  return db.read([](store::Tx& tx) { return store::PlatformSettingsRepo::get(tx, store::kDemoStoreSetting).has_value(); });
}

void DemoClockService::mark_demo_store(store::Database& db, std::int64_t now_us) {
  db.write([&](store::Tx& tx) { store::PlatformSettingsRepo::put(tx, store::kDemoStoreSetting, "1", "seed-demo", now_us); });
}

void DemoClockService::restore() {
  if (!enabled_) return;
  const auto stored = ctx_.db.read(
      [](store::Tx& tx) { return store::PlatformSettingsRepo::get(tx, store::kDemoClockOffsetSetting); });
  if (!stored) return;
  try {
    clock_.set_offset_us(std::stoll(*stored));
  } catch (const std::exception&) {
    log::warn("demo_clock_offset_unreadable", {{"value", *stored}});
  }
}

ClockState DemoClockService::state() const { return ClockState{clock_.now(), enabled_, clock_.offset_us()}; }

core::Result<ClockState> DemoClockService::advance(const store::StaffRow& staff, std::chrono::microseconds by) {
  if (!enabled_) return Error{Reason::DEMO_CLOCK_DISABLED};
  if (by.count() <= 0) return Error{Reason::FIELD_INVALID, "只能向后（未来）拨动时钟", "advance_days"};
  std::lock_guard lock(move_mutex);
  return move_to(staff, clock_.offset_us() + by.count(), "advance " + std::to_string(by.count() / 1'000'000) + "s");
}

core::Result<ClockState> DemoClockService::set(const store::StaffRow& staff, core::TimePoint to) {
  if (!enabled_) return Error{Reason::DEMO_CLOCK_DISABLED};
  std::lock_guard lock(move_mutex);
  const auto delta = std::chrono::duration_cast<std::chrono::microseconds>(to - clock_.now()).count();
  if (delta < 0) return Error{Reason::DEMO_CLOCK_BACKWARDS, core::format_shanghai_datetime(clock_.now()), "set"};
  return move_to(staff, clock_.offset_us() + delta, "set " + core::format_shanghai_datetime(to));
}

core::Result<ClockState> DemoClockService::move_to(const store::StaffRow& staff, std::int64_t offset_us,
                                                   const std::string& what) {
  const auto now_after = store::to_epoch_us(std::chrono::system_clock::now()) + offset_us;
  ctx_.db.write([&](store::Tx& tx) {
    store::PlatformSettingsRepo::put(tx, store::kDemoClockOffsetSetting, std::to_string(offset_us),
                                     "staff:" + staff.username, now_after);
    store::InstitutionRepo::audit(tx, store::AuditRow{"staff", staff.username, std::nullopt, "demo_clock_moved", "agency",
                                                      what, now_after});
  });
  clock_.set_offset_us(offset_us);
  log::info("demo_clock_moved", {{"by", staff.username}, {"what", what}, {"offset_s", static_cast<long long>(offset_us / 1'000'000)}});
  return state();
}

}  // namespace yibao::services
