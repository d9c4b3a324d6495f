#include "core/clock.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

using namespace std::chrono;

// 2024-03-01 15:59:59.123 UTC = 2024-03-01 23:59:59.123 in Shanghai.
const TimePoint kLateEvening = sys_days{year{2024} / March / 1} + 15h + 59min + 59s + 123ms;
// 2024-02-29 16:00:00 UTC = 2024-03-01 00:00:00 in Shanghai.
const TimePoint kShanghaiMidnight = sys_days{year{2024} / February / 29} + 16h;

TEST(Clock, FakeClockStartsWhereToldAndAdvances) {
  FakeClock clock(kLateEvening);
  EXPECT_EQ(clock.now(), kLateEvening);
  clock.advance(2s);
  EXPECT_EQ(clock.now(), kLateEvening + 2s);
  clock.set(kShanghaiMidnight);
  EXPECT_EQ(clock.now(), kShanghaiMidnight);
}

TEST(Clock, FakeClockIsSafeToAdvanceFromManyThreads) {
  FakeClock clock(kShanghaiMidnight);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) {
        clock.advance(1ms);
        (void)clock.now();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.now(), kShanghaiMidnight + 4000ms);
}

TEST(Clock, SystemClockFollowsTheSystemTime) {
  SystemClock clock;
  const auto before = system_clock::now();
  const auto now = clock.now();
  EXPECT_GE(now, before);
  const Clock& as_interface = clock;
  EXPECT_GE(as_interface.now(), now);
}

TEST(Clock, ShanghaiDateIsUtcPlusEight) {
  EXPECT_EQ(shanghai_date(kLateEvening), year{2024} / March / 1);
  EXPECT_EQ(shanghai_date(kLateEvening + 1s), year{2024} / March / 2);
  EXPECT_EQ(shanghai_date(kShanghaiMidnight), year{2024} / March / 1);
  EXPECT_EQ(shanghai_date(kShanghaiMidnight - 1ms), year{2024} / February / 29);
}

TEST(Clock, FormatsShanghaiTimeForTheInstitutionInterface) {
  EXPECT_EQ(format_shanghai_datetime(kLateEvening), "2024-03-01 23:59:59");
  EXPECT_EQ(format_shanghai_compact(kLateEvening), "20240301235959");
  EXPECT_EQ(format_shanghai_compact_ms(kLateEvening), "20240301235959123");
  EXPECT_EQ(format_shanghai_datetime(kShanghaiMidnight), "2024-03-01 00:00:00");
  EXPECT_EQ(format_shanghai_compact_ms(kShanghaiMidnight + 7ms), "20240301000000007");
}

TEST(Clock, FormatsIsoUtcWithZ) {
  EXPECT_EQ(iso_utc(kLateEvening), "2024-03-01T15:59:59.123Z");
  EXPECT_EQ(iso_utc(TimePoint{}), "1970-01-01T00:00:00.000Z");
}

TEST(Clock, ParsesAndFormatsDates) {
  auto date = parse_date("2024-02-29");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, year{2024} / February / 29);
  EXPECT_EQ(format_date(*date), "2024-02-29");
  EXPECT_EQ(format_date(year{1949} / October / 1), "1949-10-01");
}

TEST(Clock, RejectsMalformedOrImpossibleDates) {
  for (std::string_view bad : {"", "2024-2-29", "2024/02/29", "2023-02-29", "2024-13-01", "2024-00-10",
                               "2024-01-32", "2024-01-01 ", "20240101", "2024-01-0a", "+024-01-01"}) {
    auto date = parse_date(bad);
    ASSERT_FALSE(date.ok()) << bad;
    EXPECT_EQ(date.reason(), Reason::FIELD_INVALID) << bad;
  }
}

TEST(Clock, ParsesShanghaiDatetimeAsUtcPlusEight) {
  auto t = parse_shanghai_datetime("2024-03-01 00:00:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, kShanghaiMidnight);
  EXPECT_EQ(format_shanghai_datetime(*parse_shanghai_datetime("2024-03-01 23:59:59")), "2024-03-01 23:59:59");
}

TEST(Clock, RejectsMalformedDatetimes) {
  for (std::string_view bad : {"2024-03-01", "2024-03-01T00:00:00", "2024-03-01 24:00:00", "2024-03-01 23:60:00",
                               "2024-03-01 23:59:60", "2023-02-29 00:00:00", "2024-03-01 0:00:00",
                               "2024-03-01 00:00:00Z"}) {
    auto t = parse_shanghai_datetime(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.reason(), Reason::FIELD_INVALID) << bad;
  }
}

}  // namespace
}  // namespace yibao::core
