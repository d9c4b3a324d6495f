#pragma once
// A person's medical spending over a year (issue 7 §7; domain.md §7): every settlement and
// reversal at an institution, the totals by payer — pooled fund, own account, family mutual
// aid, cash — and the same per institution. Shown to the person, to a family holder for a
// bound member (the caller checks the binding) and to agency staff of the person's region.
// Reversals count negative, so the totals are net.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/settlement_repo.h"

namespace yibao::services {

struct SpendingTotals {
  std::int64_t medfee_sumamt = 0;
  std::int64_t fund_pay_sumamt = 0;
  std::int64_t acct_pay = 0;
  std::int64_t acct_mulaid_pay = 0;
  std::int64_t psn_cash_pay = 0;
  std::int64_t count = 0;  // settlements less reversals
};

struct Spending {
  int year = 0;
  SpendingTotals totals;
  std::vector<std::pair<std::string, SpendingTotals>> by_institution;  // institution name, first seen first
  std::vector<store::SettlementRow> settlements;                        // newest first, reversals included
};

Spending spending(store::Tx& tx, std::int64_t person_id, int year);
Spending spending_of(store::Database& db, std::int64_t person_id, int year);

}  // namespace yibao::services
