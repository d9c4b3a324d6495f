#include "core/money.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace yibao::core {
namespace {

std::int64_t fen_of(std::string_view text) {
  auto money = Money::parse(text);
  EXPECT_TRUE(money.ok()) << text;
  return money ? money->fen() : -1;
}

TEST(Money, ParsesYuanWithUpToTwoDecimalsExactly) {
  EXPECT_EQ(fen_of("12"), 1200);
  EXPECT_EQ(fen_of("12.3"), 1230);
  EXPECT_EQ(fen_of("12.30"), 1230);
  EXPECT_EQ(fen_of("0.05"), 5);
  EXPECT_EQ(fen_of("0"), 0);
  EXPECT_EQ(fen_of("-3.10"), -310);
  EXPECT_EQ(fen_of("-0.05"), -5);
  EXPECT_EQ(fen_of("0.1"), 10);
}

TEST(Money, RejectsMalformedYuanText) {
  for (std::string_view bad : {"", "-", "+1", ".5", "1.", "1.234", " 1", "1 ", "1e3", "012", "00.5",
                               "1,000", "1.2.3", "-.5", "１２", "0x10", "1.-2", "--1", "NaN"}) {
    auto money = Money::parse(bad);
    ASSERT_FALSE(money.ok()) << "accepted \"" << bad << "\"";
    EXPECT_EQ(money.reason(), Reason::MONEY_INVALID) << bad;
  }
}

TEST(Money, RejectsAmountsBeyondInt64Fen) {
  EXPECT_EQ(Money::parse("92233720368547758.07")->fen(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(Money::parse("92233720368547758.08").reason(), Reason::MONEY_OVERFLOW);
  EXPECT_EQ(Money::parse("99999999999999999999999").reason(), Reason::MONEY_OVERFLOW);
  EXPECT_EQ(Money::parse("-92233720368547758.08").reason(), Reason::MONEY_OVERFLOW);
}

TEST(Money, FormatsAlwaysWithTwoDecimals) {
  EXPECT_EQ(Money::from_fen(1230).to_string(), "12.30");
  EXPECT_EQ(Money::from_fen(-5).to_string(), "-0.05");
  EXPECT_EQ(Money::from_fen(-310).to_string(), "-3.10");
  EXPECT_EQ(Money::zero().to_string(), "0.00");
  EXPECT_EQ(Money::from_fen(100).to_string(), "1.00");
  EXPECT_EQ(Money::from_fen(std::numeric_limits<std::int64_t>::min()).to_string(), "-92233720368547758.08");
}

TEST(Money, ParseAndFormatRoundTrip) {
  for (std::string_view text : {"0.00", "0.01", "12.30", "-3.10", "100000.99", "92233720368547758.07"}) {
    EXPECT_EQ(Money::parse(text)->to_string(), text);
  }
}

TEST(Money, AddsAndSubtractsWithOverflowCheck) {
  const Money a = Money::from_fen(10);
  const Money b = Money::from_fen(20);
  EXPECT_EQ(a.checked_add(b)->fen(), 30);
  EXPECT_EQ(a.checked_sub(b)->fen(), -10);
  // 0.1 + 0.2 is exactly 0.30: the reason Money never touches floating point.
  EXPECT_EQ(Money::parse("0.1")->checked_add(*Money::parse("0.2"))->to_string(), "0.30");

  const Money max = Money::from_fen(std::numeric_limits<std::int64_t>::max());
  const Money min = Money::from_fen(std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(max.checked_add(Money::from_fen(1)).reason(), Reason::MONEY_OVERFLOW);
  EXPECT_EQ(min.checked_sub(Money::from_fen(1)).reason(), Reason::MONEY_OVERFLOW);
  EXPECT_TRUE(max.checked_sub(Money::from_fen(1)).ok());
}

TEST(Money, ComparesByAmount) {
  EXPECT_LT(Money::from_fen(-1), Money::zero());
  EXPECT_EQ(*Money::parse("12.3"), *Money::parse("12.30"));
  EXPECT_GT(*Money::parse("0.10"), *Money::parse("0.09"));
  EXPECT_TRUE(Money::zero().is_zero());
  EXPECT_TRUE(Money::from_fen(-1).is_negative());
}

TEST(Money, ConvertsDecimalUnitsAndScaleExactly) {
  EXPECT_EQ(Money::from_decimal(1230, 2)->fen(), 1230);
  EXPECT_EQ(Money::from_decimal(123, 1)->fen(), 1230);
  EXPECT_EQ(Money::from_decimal(12, 0)->fen(), 1200);
  EXPECT_EQ(Money::from_decimal(12300, 3)->fen(), 1230);
  EXPECT_EQ(Money::from_decimal(-5, 2)->fen(), -5);
  EXPECT_EQ(Money::from_decimal(12, -1)->fen(), 12000);
}

TEST(Money, RefusesDecimalWithMoreThanTwoSignificantDecimals) {
  EXPECT_EQ(Money::from_decimal(12345, 3).reason(), Reason::MONEY_INVALID);
  EXPECT_EQ(Money::from_decimal(1, 3).reason(), Reason::MONEY_INVALID);
  EXPECT_EQ(Money::from_decimal(std::numeric_limits<std::int64_t>::max(), 0).reason(), Reason::MONEY_OVERFLOW);
}

TEST(Money, ParsesJsonNumberTextExactly) {
  EXPECT_EQ(Money::parse_json_number("12.3")->fen(), 1230);
  EXPECT_EQ(Money::parse_json_number("12.300")->fen(), 1230);
  EXPECT_EQ(Money::parse_json_number("1.23e1")->fen(), 1230);
  EXPECT_EQ(Money::parse_json_number("1230E-2")->fen(), 1230);
  EXPECT_EQ(Money::parse_json_number("-0.05")->fen(), -5);
  EXPECT_EQ(Money::parse_json_number("0")->fen(), 0);
  EXPECT_EQ(Money::parse_json_number("0.000000000000000000000000")->fen(), 0);
  EXPECT_EQ(Money::parse_json_number("12.345").reason(), Reason::MONEY_INVALID);
  EXPECT_EQ(Money::parse_json_number("0.1e-2").reason(), Reason::MONEY_INVALID);
  EXPECT_EQ(Money::parse_json_number("1e400").reason(), Reason::MONEY_OVERFLOW);
  for (std::string_view bad : {"", "01", "1.", ".1", "+1", "1e", "1e+", "NaN", "1 ", "\"1\""}) {
    EXPECT_EQ(Money::parse_json_number(bad).reason(), Reason::MONEY_INVALID) << bad;
  }
}

}  // namespace
}  // namespace yibao::core
