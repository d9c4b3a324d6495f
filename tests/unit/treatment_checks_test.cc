// issue 15: which enrolment pays and, when none does, why — the rule 2001 reports and the
// settlement applies (domain/treatment_checks.h).
#include <gtest/gtest.h>

#include "domain/treatment_checks.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;

const year_month_day kToday{year{2026}, November, day{23}};

Enrolment make(const std::string& insutype, const std::string& admdvs, EnrolmentStatus status, bool current,
               year_month_day start = year{2020} / 1 / 1) {
  Enrolment e;
  e.insutype = insutype;
  e.admdvs = admdvs;
  e.status = status;
  e.start_date = start;
  e.benefits_from = start;
  e.is_current = current;
  return e;
}

TEST(TreatmentChecks, TheEnrolmentOfTheInsutypeInTheRegionAskedForPays) {
  const std::vector<Enrolment> es{make("310", "310104", EnrolmentStatus::terminated, false),
                                  make("310", "110105", EnrolmentStatus::normal, true)};
  auto c = check_enrolment(es, "310", "110105", kToday);
  EXPECT_EQ(c.verdict, EnrolmentVerdict::pays);
  EXPECT_EQ(c.index, 1u);
  // Blank region: the current enrolment.
  EXPECT_EQ(check_enrolment(es, "310", "", kToday).index, 1u);
  // The ended one in 310104 is found, but does not pay.
  c = check_enrolment(es, "310", "310104", kToday);
  EXPECT_EQ(c.verdict, EnrolmentVerdict::not_in_force);
  EXPECT_EQ(c.index, 0u);
}

TEST(TreatmentChecks, AnotherInsutypeOrRegionIsNotEnrolled) {
  const std::vector<Enrolment> es{make("310", "110105", EnrolmentStatus::normal, true)};
  EXPECT_EQ(check_enrolment(es, "390", "110105", kToday).verdict, EnrolmentVerdict::not_enrolled);
  EXPECT_FALSE(check_enrolment(es, "390", "110105", kToday).index);
  EXPECT_EQ(check_enrolment(es, "310", "440305", kToday).verdict, EnrolmentVerdict::not_enrolled);
  EXPECT_EQ(check_enrolment({}, "310", "", kToday).verdict, EnrolmentVerdict::not_enrolled);
}

TEST(TreatmentChecks, PausedEndedAndNotYetStartedEnrolmentsAreNotInForce) {
  EXPECT_EQ(check_enrolment({make("390", "110105", EnrolmentStatus::paused, true)}, "390", "", kToday).verdict,
            EnrolmentVerdict::not_in_force);
  auto ended = make("390", "110105", EnrolmentStatus::normal, true);
  ended.end_date = year{2026} / 11 / 22;
  EXPECT_EQ(check_enrolment({ended}, "390", "", kToday).verdict, EnrolmentVerdict::not_in_force);
  EXPECT_EQ(check_enrolment({make("390", "110105", EnrolmentStatus::normal, true, year{2027} / 1 / 1)}, "390", "", kToday)
                .verdict,
            EnrolmentVerdict::not_in_force);
}

TEST(TreatmentChecks, AWaitingEnrolmentIsReportedBeforeOneNotInForceAndPaysOnceTheWaitEnds) {
  auto waiting = make("390", "110105", EnrolmentStatus::normal, true, year{2026} / 11 / 1);
  waiting.benefits_from = year{2027} / 1 / 30;
  const std::vector<Enrolment> es{make("390", "110105", EnrolmentStatus::terminated, false), waiting};
  auto c = check_enrolment(es, "390", "110105", kToday);
  EXPECT_EQ(c.verdict, EnrolmentVerdict::waiting);
  EXPECT_EQ(c.index, 1u);
  EXPECT_EQ(check_enrolment(es, "390", "110105", year{2027} / 1 / 30).verdict, EnrolmentVerdict::pays);
}

}  // namespace
}  // namespace yibao::domain
