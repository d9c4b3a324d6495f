// 异地就医 (domain.md §9): same pool, same province (knob), other province only with a filing
// in force whose destination covers the place of treatment.
#include <gtest/gtest.h>

#include "domain/remote_treatment.h"

namespace yibao::domain {
namespace {

using namespace std::chrono;
using core::Reason;

constexpr year_month_day kToday{year{2026}, month{11}, day{23}};

RemoteFiling filing(const std::string& dest, year_month_day from, year_month_day to) {
  return RemoteFiling{"temporary", dest, from, to};
}

TEST(RemoteTreatment, ClassifiesThePlaceOfTreatment) {
  EXPECT_EQ(classify_treatment_place("110105", "110105"), TreatmentPlace::same_pool);
  EXPECT_EQ(classify_treatment_place("440305", "440106"), TreatmentPlace::same_province);
  EXPECT_EQ(classify_treatment_place("440305", "110105"), TreatmentPlace::other_province);
}

TEST(RemoteTreatment, SamePoolAndSameProvinceNeedNoFilingByDefault) {
  RegionPolicy policy;
  EXPECT_TRUE(remote_treatment_blockers("110105", "110105", policy, {}, kToday).empty());
  EXPECT_TRUE(remote_treatment_blockers("440305", "440106", policy, {}, kToday).empty());
}

TEST(RemoteTreatment, SameProvinceNeedsAFilingWhenTheKnobSaysSo) {
  RegionPolicy policy;
  policy.intra_province_filing = true;
  auto blockers = remote_treatment_blockers("440305", "440106", policy, {}, kToday);
  ASSERT_EQ(blockers.size(), 1u);
  EXPECT_EQ(blockers[0].reason, Reason::REMOTE_FILING_REQUIRED);
  EXPECT_TRUE(remote_treatment_blockers("440305", "440106", policy,
                                        {filing("440100", kToday, year_month_day{year{2026}, month{12}, day{31}})}, kToday)
                  .empty());
}

TEST(RemoteTreatment, OtherProvinceIsRefusedWithoutAFilingAndAllowedWithOne) {
  RegionPolicy policy;
  auto none = remote_treatment_blockers("440305", "110105", policy, {}, kToday);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].reason, Reason::REMOTE_FILING_REQUIRED);

  const year_month_day end{year{2027}, month{5}, day{31}};
  // Province-wide, city-wide and exact destinations all cover 110105.
  for (const char* dest : {"110000", "110100", "110105"}) {
    EXPECT_TRUE(remote_treatment_blockers("440305", "110105", policy, {filing(dest, kToday, end)}, kToday).empty()) << dest;
  }
  // A filing for somewhere else does not.
  auto elsewhere = remote_treatment_blockers("440305", "110105", policy, {filing("310000", kToday, end)}, kToday);
  ASSERT_EQ(elsewhere.size(), 1u);
  EXPECT_EQ(elsewhere[0].reason, Reason::REMOTE_FILING_REQUIRED);
}

TEST(RemoteTreatment, AFilingOutsideItsValidityIsNotInForce) {
  RegionPolicy policy;
  const year_month_day last_month{year{2026}, month{10}, day{31}};
  auto expired = remote_treatment_blockers("440305", "110105", policy,
                                           {filing("110000", year_month_day{year{2026}, month{10}, day{1}}, last_month)}, kToday);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].reason, Reason::REMOTE_FILING_NOT_IN_FORCE);
  auto future = remote_treatment_blockers(
      "440305", "110105", policy,
      {filing("110000", year_month_day{year{2026}, month{12}, day{1}}, year_month_day{year{2026}, month{12}, day{31}})},
      kToday);
  ASSERT_EQ(future.size(), 1u);
  EXPECT_EQ(future[0].reason, Reason::REMOTE_FILING_NOT_IN_FORCE);
  // The last valid day still counts.
  EXPECT_TRUE(remote_treatment_blockers("440305", "110105", policy, {filing("110000", last_month, kToday)}, kToday).empty());
}

}  // namespace
}  // namespace yibao::domain
