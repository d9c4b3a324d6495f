// Reconciliation's pure comparisons (domain/reconciliation.h): totals that balance only when
// all four figures agree, and row differences of each kind with what differs in Chinese.
#include <gtest/gtest.h>

#include "domain/reconciliation.h"

namespace yibao::domain {
namespace {

TEST(ReconciliationTotals, BalancedOnlyWhenAllFourFiguresAgree) {
  const ReconTotals ours{12430, 600, 11000, 3};
  auto same = compare_totals(ours, ours);
  EXPECT_TRUE(same.balanced);
  EXPECT_EQ(same.description, "对账一致");
  auto off_by_a_fen = compare_totals(ours, {12429, 600, 11000, 3});
  EXPECT_FALSE(off_by_a_fen.balanced);
  EXPECT_EQ(off_by_a_fen.description, "医疗费总额：平台 124.30，机构 124.29");
  auto count = compare_totals(ours, {12430, 600, 11000, 2});
  EXPECT_FALSE(count.balanced);
  EXPECT_EQ(count.description, "结算笔数：平台 3，机构 2");
  auto all = compare_totals(ours, {0, 0, 0, 0});
  EXPECT_EQ(all.description,
            "医疗费总额：平台 124.30，机构 0.00；基金支付总额：平台 6.00，机构 0.00；个人账户支付总额：平台 110.00，机构 0.00；"
            "结算笔数：平台 3，机构 0");
}

ReconRow row(const std::string& setl_id, std::int64_t medfee, const std::string& flag = "0") {
  return ReconRow{setl_id, "M" + setl_id, "P1", medfee, 0, medfee, flag, ""};
}

TEST(ReconciliationRows, EachDifferenceIsReportedOnceInSetlIdOrder) {
  const std::vector<ReconRow> ours{row("S1", 100), row("S2", 200), row("S3", 300), row("S4", -300, "1")};
  const std::vector<ReconRow> theirs{row("S1", 100), row("S3", 301), row("S4", -300, "0"), row("S9", 900)};
  const auto diff = compare_rows(ours, theirs);
  ASSERT_EQ(diff.size(), 4u);
  EXPECT_EQ(diff[0].kind, RowDifference::only_platform);
  EXPECT_EQ(diff[0].platform.setl_id, "S2");
  EXPECT_EQ(diff[1].kind, RowDifference::amounts_differ);
  EXPECT_EQ(diff[1].platform.setl_id, "S3");
  EXPECT_EQ(diff[1].memo, "医疗费总额：平台 3.00，机构 3.01；个人账户支付：平台 3.00，机构 3.01");
  EXPECT_EQ(diff[2].kind, RowDifference::amounts_differ);
  EXPECT_EQ(diff[2].memo, "退费标志：平台 1，机构 0");
  EXPECT_EQ(diff[3].kind, RowDifference::only_institution);
  EXPECT_EQ(diff[3].institution.setl_id, "S9");
  EXPECT_EQ(stmt_rslt_code(diff[0].kind), "2");
  EXPECT_EQ(stmt_rslt_code(diff[3].kind), "1");
  EXPECT_TRUE(compare_rows(ours, ours).empty());
}

TEST(ReconciliationRows, ASetlIdListedTwiceByTheInstitutionIsADifference) {
  const auto diff = compare_rows({row("S1", 100)}, {row("S1", 100), row("S1", 100)});
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0].kind, RowDifference::only_institution);
  EXPECT_EQ(diff[0].memo, "机构明细中该结算ID重复");
}

}  // namespace
}  // namespace yibao::domain
