#pragma once
// Reconciliation (对账, 3201/3202): comparing what an institution recorded with what yibao
// settled. Pure: the caller reads both sides; these functions only compare and explain.
//
// 3201 对总账 compares four totals of one period, insutype, clr_type and 清算机构:
// medfee_sumamt, fund_pay_sumamt, acct_pay (fen) and the number of settlement rows. Balanced
// only when all four agree; the description names every figure that differs, both sides.
//
// 3202 对明细账 compares row by row, keyed by setl_id: rows the institution has and yibao does
// not, rows yibao has and the institution does not, and rows whose amounts or refund flag differ.

#include <cstdint>
#include <string>
#include <vector>

namespace yibao::domain {

struct ReconTotals {
  std::int64_t medfee_sumamt = 0;
  std::int64_t fund_pay_sumamt = 0;
  std::int64_t acct_pay = 0;
  std::int64_t count = 0;
};

struct TotalsComparison {
  bool balanced = false;
  std::string description;  // Chinese: "对账一致" or every difference "医疗费总额：平台 124.30，机构 120.00；…"
};

TotalsComparison compare_totals(const ReconTotals& platform, const ReconTotals& institution);

struct ReconRow {
  std::string setl_id;
  std::string mdtrt_id;
  std::string psn_no;
  std::int64_t medfee_sumamt = 0;
  std::int64_t fund_pay_sumamt = 0;
  std::int64_t acct_pay = 0;
  std::string refd_setl_flag;  // "0" settlement, "1" reversal (退费)
  std::string msgid;           // platform rows only
};

// stmt_rslt of a difference row: why the row is in the difference file.
enum class RowDifference {
  only_institution,  // 机构有、平台无
  only_platform,     // 平台有、机构无
  amounts_differ,    // 双方都有，金额或退费标志不一致
};

struct RowComparison {
  RowDifference kind;
  ReconRow platform;     // empty for only_institution
  ReconRow institution;  // empty for only_platform
  std::string memo;      // Chinese: what differs
};

// Every difference, in setl_id order; empty when the two sides agree row for row. A setl_id
// the institution lists twice is a difference of its own (only the first copy is compared).
std::vector<RowComparison> compare_rows(std::vector<ReconRow> platform, std::vector<ReconRow> institution);

std::string_view stmt_rslt_code(RowDifference d);  // "1" only_institution, "2" only_platform, "3" amounts_differ

}  // namespace yibao::domain
