// domain.md §4: enrolments, the current one, waiting periods.
#include <gtest/gtest.h>

#include "domain/enrolment_rules.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;

Enrolment make(std::int64_t id, EnrolmentStatus status, year_month_day start, bool current = false) {
  Enrolment e;
  e.id = id;
  e.insutype = "390";
  e.admdvs = "110105";
  e.status = status;
  e.start_date = start;
  e.benefits_from = start;
  e.is_current = current;
  return e;
}

const year_month_day kToday{year{2026}, November, day{23}};

TEST(EnrolmentRules, OnlyNormalStartedUnendedEnrolmentsAreActive) {
  EXPECT_TRUE(is_active(make(1, EnrolmentStatus::normal, year{2020} / 1 / 1), kToday));
  EXPECT_FALSE(is_active(make(1, EnrolmentStatus::paused, year{2020} / 1 / 1), kToday));
  EXPECT_FALSE(is_active(make(1, EnrolmentStatus::terminated, year{2020} / 1 / 1), kToday));
  EXPECT_FALSE(is_active(make(1, EnrolmentStatus::normal, year{2027} / 1 / 1), kToday));
  auto ended = make(1, EnrolmentStatus::normal, year{2020} / 1 / 1);
  ended.end_date = year{2026} / 11 / 22;
  EXPECT_FALSE(is_active(ended, kToday));
}

TEST(EnrolmentRules, ResidentsEnrolledOutsideTheWindowWaitTheConfiguredDays) {
  const year_month_day start{year{2026}, November, day{3}};
  const auto from = benefits_start("390", start, true, 90);
  EXPECT_EQ(from, year_month_day{sys_days{start} + days{90}});
  EXPECT_EQ(benefits_start("390", start, false, 90), start);
  EXPECT_EQ(benefits_start("310", start, true, 90), start) << "employees do not wait";
  auto e = make(1, EnrolmentStatus::normal, start);
  e.benefits_from = from;
  EXPECT_TRUE(is_waiting(e, kToday));
  EXPECT_FALSE(is_waiting(e, from));
}

TEST(EnrolmentRules, SwitchOnlyToAnActiveEnrolment) {
  std::vector<Enrolment> list = {make(1, EnrolmentStatus::normal, year{2020} / 1 / 1, true),
                                 make(2, EnrolmentStatus::normal, year{2022} / 1 / 1),
                                 make(3, EnrolmentStatus::paused, year{2021} / 1 / 1)};
  EXPECT_TRUE(check_switch(list, 2, kToday).ok());
  EXPECT_EQ(check_switch(list, 3, kToday).reason(), core::Reason::ENROLMENT_NOT_SWITCHABLE);
  EXPECT_EQ(check_switch(list, 9, kToday).reason(), core::Reason::ENROLMENT_NOT_FOUND);
}

TEST(EnrolmentRules, CurrentStaysWhileActiveElseTheNewestActive) {
  std::vector<Enrolment> list = {make(1, EnrolmentStatus::normal, year{2020} / 1 / 1, true),
                                 make(2, EnrolmentStatus::normal, year{2022} / 1 / 1)};
  EXPECT_EQ(choose_current(list, kToday), 1);
  list[0].status = EnrolmentStatus::terminated;
  EXPECT_EQ(choose_current(list, kToday), 2);
  list[1].status = EnrolmentStatus::paused;
  EXPECT_EQ(choose_current(list, kToday), std::nullopt);
}

}  // namespace
}  // namespace yibao::domain
