// 药品追溯码 rules at their boundaries (domain/drug_trace_rules): the code's shape, who may
// claim a box while another sale stands, and what 扫码查药 counts.
#include "domain/drug_trace_rules.h"

#include <gtest/gtest.h>

namespace yibao::domain {
namespace {

constexpr const char* kCode = "81234560000000000001";

TraceClaim line_claim(const std::string& institution, std::int64_t visit, const std::string& sn,
                      const std::string& flag = "0") {
  return TraceClaim{kCode, flag, institution, visit, sn, "2204"};
}
TraceClaim counter_claim(const std::string& institution, const std::string& flag = "0") {
  return TraceClaim{kCode, flag, institution, std::nullopt, "", "3505"};
}
StandingUse line_use(const std::string& institution, std::int64_t visit, const std::string& sn, const std::string& flag = "0") {
  return StandingUse{institution, visit, sn, "2207", flag, "2026-11-23"};
}
StandingUse counter_use(const std::string& institution, const std::string& flag = "0") {
  return StandingUse{institution, std::nullopt, "", "3505", flag, "2026-11-23"};
}

TEST(DrugTraceRules, ACodeIsTwentyDigits) {
  EXPECT_TRUE(valid_trace_code("81234560000000000001").ok());
  EXPECT_EQ(valid_trace_code("8123456000000000001").error().reason, core::Reason::DRUG_TRACE_CODE_INVALID);  // 19
  EXPECT_EQ(valid_trace_code("812345600000000000011").error().reason, core::Reason::DRUG_TRACE_CODE_INVALID);  // 21
  EXPECT_EQ(valid_trace_code("8123456000000000000X").error().reason, core::Reason::DRUG_TRACE_CODE_INVALID);
  EXPECT_EQ(valid_trace_code("").error().reason, core::Reason::DRUG_TRACE_CODE_INVALID);
}

TEST(DrugTraceRules, TheSplitFlagIsZeroOrOne) {
  EXPECT_EQ(*trdn_flag_of("", "f"), "0");
  EXPECT_EQ(*trdn_flag_of("0", "f"), "0");
  EXPECT_EQ(*trdn_flag_of("1", "f"), "1");
  EXPECT_EQ(trdn_flag_of("2", "f").error().field, "f");
}

TEST(DrugTraceRules, AFreeBoxIsClaimed) {
  EXPECT_EQ(*decide_claim(line_claim("H1", 7, "1"), {}), ClaimDecision::claim);
}

TEST(DrugTraceRules, AWholeBoxSoldElsewhereIsRefusedWithWhereAndWhen) {
  auto refused = decide_claim(line_claim("P3", 9, "1"), {line_use("H1", 7, "1")});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, core::Reason::DRUG_TRACE_CODE_ALREADY_SOLD);
  EXPECT_NE(refused.error().detail.find("2026-11-23"), std::string::npos);
  EXPECT_NE(refused.error().detail.find("H1"), std::string::npos);
  // The same institution on another visit, or another line of the same visit: a second sale.
  EXPECT_FALSE(decide_claim(line_claim("H1", 8, "1"), {line_use("H1", 7, "1")}).ok());
  EXPECT_FALSE(decide_claim(line_claim("H1", 7, "2"), {line_use("H1", 7, "1")}).ok());
}

TEST(DrugTraceRules, TheSameLineOrTheSameInstitutionsSalesUploadIsTheSameSale) {
  EXPECT_EQ(*decide_claim(line_claim("H1", 7, "1"), {line_use("H1", 7, "1")}), ClaimDecision::already_held);
  EXPECT_EQ(*decide_claim(counter_claim("H1"), {line_use("H1", 7, "1")}), ClaimDecision::already_held);
  EXPECT_EQ(*decide_claim(line_claim("H1", 7, "1"), {counter_use("H1")}), ClaimDecision::already_held);
  // …but two sales uploads of one whole box are two sales, and another institution's never the same.
  EXPECT_FALSE(decide_claim(counter_claim("H1"), {counter_use("H1")}).ok());
  EXPECT_FALSE(decide_claim(counter_claim("P3"), {line_use("H1", 7, "1")}).ok());
}

TEST(DrugTraceRules, PartsOfASplitBoxSellManyTimesButNeverTheWholeBoxWithThem) {
  EXPECT_EQ(*decide_claim(counter_claim("P3", "1"), {counter_use("P3", "1"), counter_use("P3", "1")}), ClaimDecision::claim);
  EXPECT_EQ(*decide_claim(line_claim("P4", 2, "1", "1"), {counter_use("P3", "1")}), ClaimDecision::claim);
  EXPECT_FALSE(decide_claim(counter_claim("P3", "0"), {counter_use("P3", "1")}).ok());
  EXPECT_FALSE(decide_claim(counter_claim("P3", "1"), {counter_use("P3", "0")}).ok());
}

TEST(DrugTraceRules, SalesCountedAreThoseThatHappenedAndTwoWholeBoxSalesFlag) {
  EXPECT_FALSE(count_sales({{"0", ""}}).flagged);
  EXPECT_EQ(count_sales({{"0", ""}}).whole_box_sales, 1);
  // Cancelled before settlement, or undone by 冲正: never a sale.
  const auto undone = count_sales({{"0", "fee_cancelled"}, {"0", "visit_cancelled"}, {"0", "corrected"}, {"0", ""}});
  EXPECT_EQ(undone.whole_box_sales, 1);
  EXPECT_FALSE(undone.flagged);
  // Reversed or returned, then sold again: the second sale flags the box.
  EXPECT_TRUE(count_sales({{"0", "reversed"}, {"0", ""}}).flagged);
  EXPECT_TRUE(count_sales({{"0", "returned"}, {"0", ""}}).flagged);
  const auto split = count_sales({{"1", ""}, {"1", ""}, {"1", "returned"}});
  EXPECT_EQ(split.split_sales, 3);
  EXPECT_EQ(split.whole_box_sales, 0);
  EXPECT_FALSE(split.flagged);
}

}  // namespace
}  // namespace yibao::domain
