#pragma once
// Time is injected: code that needs "now" takes a Clock, so tests move time with a FakeClock
// instead of sleeping. Dates a person sees are in China Standard Time.
//
// Asia/Shanghai is a fixed UTC+8: China has observed no daylight saving time since 1991, so a
// constant offset is exact for every date this platform handles, and no tz database is needed.

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::core {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// Thread-safe: tests may advance it while server threads read it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : ticks_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint{TimePoint::duration{ticks_.load()}}; }
  void set(TimePoint t) { ticks_.store(t.time_since_epoch().count()); }
  void advance(TimePoint::duration d) { ticks_.fetch_add(d.count()); }

 private:
  std::atomic<TimePoint::duration::rep> ticks_;
};

inline constexpr std::chrono::hours kShanghaiOffset{8};

// The calendar date in Shanghai at `t`.
std::chrono::year_month_day shanghai_date(TimePoint t);

// Shanghai wall-clock time in the formats of the institution interface. Years 0000-9999.
std::string format_shanghai_datetime(TimePoint t);      // "yyyy-MM-dd HH:mm:ss"
std::string format_shanghai_compact(TimePoint t);       // "yyyyMMddHHmmss"
std::string format_shanghai_compact_ms(TimePoint t);    // "yyyyMMddHHmmssSSS"

// RFC 3339 in UTC with milliseconds: "2024-03-01T04:05:06.789Z".
std::string iso_utc(TimePoint t);

// Strict "yyyy-MM-dd" (a real calendar date); FIELD_INVALID otherwise.
Result<std::chrono::year_month_day> parse_date(std::string_view text);
std::string format_date(std::chrono::year_month_day date);  // "yyyy-MM-dd"

// Strict "yyyy-MM-dd HH:mm:ss" read as Shanghai wall-clock time; FIELD_INVALID otherwise.
Result<TimePoint> parse_shanghai_datetime(std::string_view text);

}  // namespace yibao::core
