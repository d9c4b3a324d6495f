#include "domain/reconciliation.h"

#include <algorithm>
#include <map>

#include "core/money.h"

namespace yibao::domain {
namespace {

std::string yuan(std::int64_t fen) { return core::Money::from_fen(fen).to_string(); }

void add_difference(std::string& out, const char* label, const std::string& ours, const std::string& theirs) {
  if (!out.empty()) out += "；";
  out += std::string(label) + "：平台 " + ours + "，机构 " + theirs;
}

}  // namespace

TotalsComparison compare_totals(const ReconTotals& p, const ReconTotals& i) {
  TotalsComparison c;
  if (p.medfee_sumamt != i.medfee_sumamt) add_difference(c.description, "医疗费总额", yuan(p.medfee_sumamt), yuan(i.medfee_sumamt));
  if (p.fund_pay_sumamt != i.fund_pay_sumamt) {
    add_difference(c.description, "基金支付总额", yuan(p.fund_pay_sumamt), yuan(i.fund_pay_sumamt));
  }
  if (p.acct_pay != i.acct_pay) add_difference(c.description, "个人账户支付总额", yuan(p.acct_pay), yuan(i.acct_pay));
  if (p.count != i.count) add_difference(c.description, "结算笔数", std::to_string(p.count), std::to_string(i.count));
  c.balanced = c.description.empty();
  if (c.balanced) c.description = "对账一致";
  return c;
}

std::string_view stmt_rslt_code(RowDifference d) {
  switch (d) {
    case RowDifference::only_institution: return "1";
    case RowDifference::only_platform: return "2";
    case RowDifference::amounts_differ: return "3";
  }
  return "3";
}

std::vector<RowComparison> compare_rows(std::vector<ReconRow> platform, std::vector<ReconRow> institution) {
  std::map<std::string, ReconRow> ours;
  for (auto& row : platform) ours.emplace(row.setl_id, std::move(row));
  std::map<std::string, ReconRow> theirs;
  std::vector<RowComparison> out;
  for (auto& row : institution) {
    if (theirs.contains(row.setl_id)) {
      out.push_back({RowDifference::only_institution, {}, row, "机构明细中该结算ID重复"});
      continue;
    }
    theirs.emplace(row.setl_id, std::move(row));
  }
  for (const auto& [setl_id, mine] : ours) {
    const auto it = theirs.find(setl_id);
    if (it == theirs.end()) {
      out.push_back({RowDifference::only_platform, mine, {}, "平台有该笔结算，机构明细中没有"});
      continue;
    }
    const auto& other = it->second;
    std::string memo;
    if (mine.medfee_sumamt != other.medfee_sumamt) add_difference(memo, "医疗费总额", yuan(mine.medfee_sumamt), yuan(other.medfee_sumamt));
    if (mine.fund_pay_sumamt != other.fund_pay_sumamt) {
      add_difference(memo, "基金支付", yuan(mine.fund_pay_sumamt), yuan(other.fund_pay_sumamt));
    }
    if (mine.acct_pay != other.acct_pay) add_difference(memo, "个人账户支付", yuan(mine.acct_pay), yuan(other.acct_pay));
    if (mine.refd_setl_flag != other.refd_setl_flag) add_difference(memo, "退费标志", mine.refd_setl_flag, other.refd_setl_flag);
    if (!memo.empty()) out.push_back({RowDifference::amounts_differ, mine, other, memo});
  }
  for (const auto& [setl_id, other] : theirs) {
    if (!ours.contains(setl_id)) out.push_back({RowDifference::only_institution, {}, other, "机构有该笔结算，平台没有"});
  }
  std::stable_sort(out.begin(), out.end(), [](const RowComparison& a, const RowComparison& b) {
    const auto& ka = a.platform.setl_id.empty() ? a.institution.setl_id : a.platform.setl_id;
    const auto& kb = b.platform.setl_id.empty() ? b.institution.setl_id : b.platform.setl_id;
    return ka < kb;
  });
  return out;
}

}  // namespace yibao::domain
