#include "core/id_number.h"

#include <utility>

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

using namespace std::chrono;

constexpr year_month_day kToday{year{2024}, month{6}, day{15}};

// A valid number for the given area, birth date and sequence.
std::string make_id(std::string_view area, std::string_view birth, std::string_view seq) {
  std::string first17 = std::string(area) + std::string(birth) + std::string(seq);
  return first17 + id_check_char(first17);
}

TEST(IdNumber, AcceptsKnownValidNumber) {
  auto id = IdNumber::parse("11010519491231002X", kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->value(), "11010519491231002X");
  EXPECT_EQ(id->area_code(), "110105");
  EXPECT_EQ(id->birth_date(), (year_month_day{year{1949}, month{12}, day{31}}));
  EXPECT_EQ(id->sex(), Sex::female);
}

TEST(IdNumber, ComputesIso7064CheckCharacter) {
  EXPECT_EQ(id_check_char("11010519491231002"), 'X');
  EXPECT_EQ(id_check_char("44052418800101001"), '4');
  EXPECT_EQ(id_check_char("1101051949123100"), '?');
  EXPECT_EQ(id_check_char("1101051949123100A"), '?');
}

TEST(IdNumber, NormalisesLowerCaseX) {
  auto id = IdNumber::parse("11010519491231002x", kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->value(), "11010519491231002X");
}

TEST(IdNumber, RejectsWrongLength) {
  for (std::string_view bad : {"", "11010519491231002", "11010519491231002X1", "1101051949123100 2X"}) {
    auto id = IdNumber::parse(bad, kToday);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.reason(), Reason::ID_NUMBER_LENGTH) << bad;
  }
}

TEST(IdNumber, RejectsNonDigitCharacters) {
  for (std::string_view bad : {"1101051949123100XX", "A1010519491231002X", "11010519491231002Y",
                               "110105 9491231002X", "11010519491231002-"}) {
    auto id = IdNumber::parse(bad, kToday);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.reason(), Reason::ID_NUMBER_FORMAT) << bad;
  }
}

TEST(IdNumber, RejectsUnknownProvinceCode) {
  for (std::string_view area : {"000000", "100105", "190105", "660105", "700105", "910105"}) {
    auto id = IdNumber::parse(make_id(area, "19800101", "001"), kToday);
    ASSERT_FALSE(id.ok()) << area;
    EXPECT_EQ(id.reason(), Reason::ID_NUMBER_AREA) << area;
  }
  for (std::string_view area : {"110105", "650102", "710000", "810000", "820000", "500229"}) {
    EXPECT_TRUE(IdNumber::parse(make_id(area, "19800101", "001"), kToday).ok()) << area;
  }
}

TEST(IdNumber, AcceptsRetiredAreaCodeWithinRealProvince) {
  // 110103 (崇文区) was merged into 东城区 in 2010; cards issued before keep it.
  EXPECT_TRUE(IdNumber::parse(make_id("110103", "19700101", "123"), kToday).ok());
}

TEST(IdNumber, RejectsImpossibleBirthDate) {
  for (std::string_view birth : {"19800230", "19801301", "19800001", "19800100", "19000229", "20230229",
                                 "18991231", "20240616", "30000101"}) {
    auto id = IdNumber::parse(make_id("110105", birth, "001"), kToday);
    ASSERT_FALSE(id.ok()) << birth;
    EXPECT_EQ(id.reason(), Reason::ID_NUMBER_BIRTH_DATE) << birth;
  }
}

TEST(IdNumber, AcceptsLeapDayAndBirthToday) {
  EXPECT_TRUE(IdNumber::parse(make_id("110105", "20000229", "001"), kToday).ok());
  EXPECT_TRUE(IdNumber::parse(make_id("110105", "20240615", "001"), kToday).ok());
  EXPECT_TRUE(IdNumber::parse(make_id("110105", "19000101", "001"), kToday).ok());
}

TEST(IdNumber, RejectsWrongCheckCharacter) {
  auto id = IdNumber::parse("110105194912310021", kToday);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.reason(), Reason::ID_NUMBER_CHECKSUM);
  // Swapping two digits must be caught too.
  std::string swapped = make_id("110105", "19491231", "123");
  std::swap(swapped[14], swapped[15]);
  EXPECT_EQ(IdNumber::parse(swapped, kToday).reason(), Reason::ID_NUMBER_CHECKSUM);
}

TEST(IdNumber, DerivesSexFromOddOrEvenSeventeenthDigit) {
  EXPECT_EQ(IdNumber::parse(make_id("110105", "19800101", "001"), kToday)->sex(), Sex::male);
  EXPECT_EQ(IdNumber::parse(make_id("110105", "19800101", "019"), kToday)->sex(), Sex::male);
  EXPECT_EQ(IdNumber::parse(make_id("110105", "19800101", "002"), kToday)->sex(), Sex::female);
  EXPECT_EQ(IdNumber::parse(make_id("110105", "19800101", "010"), kToday)->sex(), Sex::female);
}

TEST(IdNumber, AgeCountsCompletedYears) {
  auto id = IdNumber::parse(make_id("110105", "19800615", "001"), kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->age_on(year_month_day{year{2024}, month{6}, day{14}}), 43);
  EXPECT_EQ(id->age_on(year_month_day{year{2024}, month{6}, day{15}}), 44);
  EXPECT_EQ(id->age_on(year_month_day{year{1980}, month{6}, day{15}}), 0);
  EXPECT_EQ(id->age_on(year_month_day{year{1970}, month{1}, day{1}}), 0);
}

TEST(IdNumber, LeapDayBirthdayTurnsOlderOnMarchFirstInCommonYears) {
  auto id = IdNumber::parse(make_id("110105", "20000229", "001"), kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->age_on(year_month_day{year{2023}, month{2}, day{28}}), 22);
  EXPECT_EQ(id->age_on(year_month_day{year{2023}, month{3}, day{1}}), 23);
  EXPECT_EQ(id->age_on(year_month_day{year{2024}, month{2}, day{28}}), 23);
  EXPECT_EQ(id->age_on(year_month_day{year{2024}, month{2}, day{29}}), 24);
}

TEST(IdNumber, MasksAllButFirstThreeAndLastFour) {
  EXPECT_EQ(IdNumber::parse("11010519491231002X", kToday)->masked(), "110***********002X");
  EXPECT_EQ(mask_id_number("11010519491231002X"), "110***********002X");
  EXPECT_EQ(mask_id_number("123"), "***");
}

}  // namespace
}  // namespace yibao::core
